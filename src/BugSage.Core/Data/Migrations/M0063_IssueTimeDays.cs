using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Daily sums of the issue timings (<c>analytics_issue_time_days</c>), kept by triggers on their hours
/// (<see cref="DayRollupSql.IssueTimeDays"/>) and backfilled here: resolution sums and issue ages read a row per project
/// and day instead of one per project and hour.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000063_IssueTimeDays")]
public sealed class M0063_IssueTimeDays : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var rollup = DayRollupSql.IssueTimeDays(m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite");
        m.CreateTable("analytics_issue_time_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            resolved = t.Column<long>(nullable: false),
            resolve_ms = t.Column<long>(nullable: false),
            triaged = t.Column<long>(nullable: false),
            triage_ms = t.Column<long>(nullable: false),
            open_issues = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_issue_time_days", x => new { x.project_id, x.day });
            t.ForeignKey("fk_analytics_issue_time_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        foreach (var statement in rollup.CreateTriggers()) m.Sql(statement);
        foreach (var statement in rollup.Recount(null)) m.Sql(statement + ";");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var statement in DayRollupSql.IssueTimeDays(migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite").DropTriggers())
            migrationBuilder.Sql(statement);
        migrationBuilder.DropTable("analytics_issue_time_days");
    }
}
