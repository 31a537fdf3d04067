using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Two rollups that let a 90-day answer read days where it read hours or dimensions:
/// <list type="bullet">
/// <item>daily user sketches over every environment and release (<c>analytics_project_user_sketch_days</c>): a whole
/// project's series merged one sketch per day, environment and release (600 rows, 2 MB read and merged per answer in the
/// analytics benchmark) and now merges one per day. Sketches cannot be merged in SQL, so <see cref="DatabaseMigrator"/>
/// merges the stored daily sketches into them after the migration;</item>
/// <item>the duration histograms' days (<c>analytics_issue_time_bucket_days</c>, kept by triggers on the hourly buckets,
/// see <see cref="DayRollupSql.IssueTimeBucketDays"/>), backfilled here.</item>
/// </list>
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000055_DayReads")]
public sealed class M0055_DayReads : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var postgres = m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        m.CreateTable("analytics_project_user_sketch_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            sketch = t.Column<byte[]>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_project_user_sketch_days", x => new { x.project_id, x.day });
            t.ForeignKey("fk_analytics_project_user_sketch_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
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
        var days = DayRollupSql.IssueTimeBucketDays(postgres);
        // Triggers first, as in M0052: a write between the backfill and the trigger would be lost to the day.
        foreach (var statement in days.CreateTriggers()) m.Sql(statement);
        foreach (var statement in days.Recount(null)) m.Sql(statement + ";");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var statement in DayRollupSql.IssueTimeBucketDays(postgres).DropTriggers()) migrationBuilder.Sql(statement);
        migrationBuilder.DropTable("analytics_issue_time_bucket_days");
        migrationBuilder.DropTable("analytics_project_user_sketch_days");
    }
}
