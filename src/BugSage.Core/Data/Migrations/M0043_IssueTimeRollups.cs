using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Issue timings per project and hour (resolutions and first triages with summed durations, a duration histogram for
/// medians, and open issues by first sighting), kept by triggers on <c>issues</c> and <c>issue_activities</c>, so
/// resolution times and issue ages read a bounded number of rows instead of every issue. Backfilled from the existing
/// issues before the triggers start. Also the indexes for top new issues and exact triage medians.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000043_IssueTimeRollups")]
public sealed class M0043_IssueTimeRollups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var sql = new IssueTimeSql(m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite");
        m.AddColumn<DateTime>("first_triaged_at", "issues", nullable: true);
        m.CreateTable("analytics_issue_times", t => new
        {
            project_id = t.Column<long>(nullable: false),
            hour = t.Column<DateTime>(nullable: false),
            resolved = t.Column<long>(nullable: false),
            resolve_ms = t.Column<long>(nullable: false),
            triaged = t.Column<long>(nullable: false),
            triage_ms = t.Column<long>(nullable: false),
            open_issues = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_issue_times", x => new { x.project_id, x.hour });
            t.ForeignKey("fk_analytics_issue_times_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateTable("analytics_issue_time_buckets", t => new
        {
            project_id = t.Column<long>(nullable: false),
            hour = t.Column<DateTime>(nullable: false),
            kind = t.Column<short>(nullable: false),
            bucket = t.Column<short>(nullable: false),
            issues = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_issue_time_buckets", x => new { x.project_id, x.hour, x.kind, x.bucket });
            t.ForeignKey("fk_analytics_issue_time_buckets_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_issues_project_id_first_seen_count_id", "issues", ["project_id", "first_seen", "count", "id"]);
        m.CreateIndex("ix_issues_project_id_first_seen_triaged", "issues", ["project_id", "first_seen"], filter: "first_triaged_at IS NOT NULL");
        foreach (var statement in sql.Recount(null)) m.Sql(statement + ";");
        foreach (var statement in sql.CreateTriggers()) m.Sql(statement);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        foreach (var statement in new IssueTimeSql(m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite").DropTriggers()) m.Sql(statement);
        m.DropIndex("ix_issues_project_id_first_seen_triaged", "issues");
        m.DropIndex("ix_issues_project_id_first_seen_count_id", "issues");
        m.DropTable("analytics_issue_time_buckets");
        m.DropTable("analytics_issue_times");
        m.DropColumn("first_triaged_at", "issues");
    }
}
