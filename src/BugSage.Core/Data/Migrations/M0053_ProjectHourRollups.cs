using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Hourly sums over every environment and release (<c>analytics_project_event_hours</c>, <c>analytics_project_issue_hours</c>,
/// kept by triggers on the hourly tables, see <see cref="DayRollupSql"/>) and hourly user sketches over them
/// (<c>analytics_project_user_sketch_hours</c>): a 31-day hourly series read and merged every hour of every environment
/// and release (14,400 rows per table in the analytics benchmark) and now reads 744. The sums are backfilled here; user
/// sketches cannot be merged in SQL, so <see cref="DatabaseMigrator"/> merges the stored hours into them after the migration.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000053_ProjectHourRollups")]
public sealed class M0053_ProjectHourRollups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var postgres = m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        m.CreateTable("analytics_project_event_hours", t => new
        {
            project_id = t.Column<long>(nullable: false),
            hour = t.Column<DateTime>(nullable: false),
            events = t.Column<long>(nullable: false),
            errors = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_project_event_hours", x => new { x.project_id, x.hour });
            t.ForeignKey("fk_analytics_project_event_hours_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateTable("analytics_project_issue_hours", t => new
        {
            project_id = t.Column<long>(nullable: false),
            hour = t.Column<DateTime>(nullable: false),
            new_issues = t.Column<long>(nullable: false),
            regressions = t.Column<long>(nullable: false),
            resolved = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_project_issue_hours", x => new { x.project_id, x.hour });
            t.ForeignKey("fk_analytics_project_issue_hours_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateTable("analytics_project_user_sketch_hours", t => new
        {
            project_id = t.Column<long>(nullable: false),
            hour = t.Column<DateTime>(nullable: false),
            sketch = t.Column<byte[]>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_project_user_sketch_hours", x => new { x.project_id, x.hour });
            t.ForeignKey("fk_analytics_project_user_sketch_hours_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        foreach (var rollup in new[] { DayRollupSql.ProjectEventHours(postgres), DayRollupSql.ProjectIssueHours(postgres) })
        {
            // Triggers first: the recount applies what a deferred trigger still holds (here nothing) by the trigger's name.
            foreach (var statement in rollup.CreateTriggers()) m.Sql(statement);
            foreach (var statement in rollup.Recount(null)) m.Sql(statement + ";");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var rollup in new[] { DayRollupSql.ProjectEventHours(postgres), DayRollupSql.ProjectIssueHours(postgres) })
            foreach (var statement in rollup.DropTriggers()) migrationBuilder.Sql(statement);
        migrationBuilder.DropTable("analytics_project_user_sketch_hours");
        migrationBuilder.DropTable("analytics_project_issue_hours");
        migrationBuilder.DropTable("analytics_project_event_hours");
    }
}
