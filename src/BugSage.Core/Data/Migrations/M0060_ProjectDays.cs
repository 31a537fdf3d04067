using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Daily sums over every environment and release (<c>analytics_project_event_days</c>, <c>analytics_project_lifecycle_days</c>),
/// kept by triggers on the project hours (<see cref="DayRollupSql.ProjectEventDays"/>) and backfilled here: an organization's
/// 90-day series over 20 projects read one row per project, day, environment and release (103,000 event rows and 35,600
/// lifecycle rows in the analytics benchmark) and now reads one per project and day.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000060_ProjectDays")]
public sealed class M0060_ProjectDays : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var postgres = m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        m.CreateTable("analytics_project_event_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            events = t.Column<long>(nullable: false),
            errors = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_project_event_days", x => new { x.project_id, x.day });
            t.ForeignKey("fk_analytics_project_event_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateTable("analytics_project_lifecycle_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            new_issues = t.Column<long>(nullable: false),
            regressions = t.Column<long>(nullable: false),
            resolved = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_project_lifecycle_days", x => new { x.project_id, x.day });
            t.ForeignKey("fk_analytics_project_lifecycle_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        foreach (var rollup in new[] { DayRollupSql.ProjectEventDays(postgres), DayRollupSql.ProjectLifecycleDays(postgres) })
        {
            foreach (var statement in rollup.CreateTriggers()) m.Sql(statement);
            foreach (var statement in rollup.Recount(null)) m.Sql(statement + ";");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var rollup in new[] { DayRollupSql.ProjectEventDays(postgres), DayRollupSql.ProjectLifecycleDays(postgres) })
            foreach (var statement in rollup.DropTriggers()) migrationBuilder.Sql(statement);
        migrationBuilder.DropTable("analytics_project_lifecycle_days");
        migrationBuilder.DropTable("analytics_project_event_days");
    }
}
