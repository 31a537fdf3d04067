using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Daily sums of the event and issue-lifecycle hours (<c>analytics_event_days</c>, <c>analytics_issue_lifecycle_days</c>),
/// kept by triggers on the hourly tables (<see cref="DayRollupSql"/>): a 90-day answer by day read every hour of every
/// environment and release (14,400 rows per table in the analytics benchmark) and now reads days. Backfilled from the
/// hours before the triggers start.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000052_DayRollups")]
public sealed class M0052_DayRollups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var postgres = m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        m.CreateTable("analytics_event_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            environment = t.Column<string>(maxLength: 64, nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: false),
            events = t.Column<long>(nullable: false),
            errors = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_event_days", x => new { x.project_id, x.day, x.environment, x.release });
            t.ForeignKey("fk_analytics_event_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateTable("analytics_issue_lifecycle_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: false),
            new_issues = t.Column<long>(nullable: false),
            regressions = t.Column<long>(nullable: false),
            resolved = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_issue_lifecycle_days", x => new { x.project_id, x.day, x.release });
            t.ForeignKey("fk_analytics_issue_lifecycle_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        foreach (var rollup in new[] { DayRollupSql.EventDays(postgres), DayRollupSql.LifecycleDays(postgres) })
        {
            foreach (var statement in rollup.Recount(null)) m.Sql(statement + ";");
            foreach (var statement in rollup.CreateTriggers()) m.Sql(statement);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var rollup in new[] { DayRollupSql.EventDays(postgres), DayRollupSql.LifecycleDays(postgres) })
            foreach (var statement in rollup.DropTriggers()) migrationBuilder.Sql(statement);
        migrationBuilder.DropTable("analytics_issue_lifecycle_days");
        migrationBuilder.DropTable("analytics_event_days");
    }
}
