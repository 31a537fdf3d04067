using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Each issue's events per UTC day, kept by triggers on <c>issue_hourly_counts</c>, with an index on (project, day,
/// events): top recurring issues read each day's busiest issues instead of grouping every issue-hour of a range.
/// Backfilled from the hourly counts before the triggers start. Also range indexes on fix sessions and analyses.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000050_IssueDayRollups")]
public sealed class M0050_IssueDayRollups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var sql = new IssueDaySql(m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite", organizations: false, weeks: false);
        m.CreateTable("analytics_issue_days", t => new
        {
            issue_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            project_id = t.Column<long>(nullable: false),
            events = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_issue_days", x => new { x.issue_id, x.day });
            t.ForeignKey("fk_analytics_issue_days_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_analytics_issue_days_project_id_day_events_issue_id", "analytics_issue_days", ["project_id", "day", "events", "issue_id"]);
        // Fix sessions and analyses of a project in a range: without these SQLite read them by walking every issue.
        m.CreateIndex("ix_fix_sessions_project_id_created_at", "fix_sessions", ["project_id", "created_at"]);
        m.CreateIndex("ix_issue_analyses_project_id_created_at", "issue_analyses", ["project_id", "created_at"]);
        foreach (var statement in sql.Recount(null)) m.Sql(statement + ";");
        foreach (var statement in sql.CreateTriggers()) m.Sql(statement);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        foreach (var statement in new IssueDaySql(m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite", organizations: false, weeks: false).DropTriggers()) m.Sql(statement);
        m.DropIndex("ix_issue_analyses_project_id_created_at", "issue_analyses");
        m.DropIndex("ix_fix_sessions_project_id_created_at", "fix_sessions");
        m.DropTable("analytics_issue_days");
    }
}
