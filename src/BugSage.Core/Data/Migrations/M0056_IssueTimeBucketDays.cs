using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Daily sums of the duration histograms (<c>analytics_issue_time_bucket_days</c>, kept by triggers on
/// <c>analytics_issue_time_buckets</c>, see <see cref="DayRollupSql.IssueTimeBucketDays"/>): the medians of a 90-day answer
/// over many resolved issues read every hour's buckets. Backfilled from the hours before the triggers start.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000056_IssueTimeBucketDays")]
public sealed class M0056_IssueTimeBucketDays : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var postgres = m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        m.CreateTable("analytics_issue_time_bucket_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            kind = t.Column<short>(nullable: false),
            bucket = t.Column<short>(nullable: false),
            issues = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_issue_time_bucket_days", x => new { x.project_id, x.day, x.kind, x.bucket });
            t.ForeignKey("fk_analytics_issue_time_bucket_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        var rollup = DayRollupSql.IssueTimeBucketDays(postgres);
        foreach (var statement in rollup.Recount(null)) m.Sql(statement + ";");
        foreach (var statement in rollup.CreateTriggers()) m.Sql(statement);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var statement in DayRollupSql.IssueTimeBucketDays(postgres).DropTriggers()) migrationBuilder.Sql(statement);
        migrationBuilder.DropTable("analytics_issue_time_bucket_days");
    }
}
