using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Weekly sums of the events and the issue lifecycle by release and of the duration histograms
/// (<c>analytics_release_event_weeks</c>, <c>analytics_issue_lifecycle_weeks</c>, <c>analytics_issue_time_bucket_weeks</c>),
/// kept by triggers on the same hours as their days and backfilled here: a 90-day answer reads its whole weeks from them.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000064_RollupWeeks")]
public sealed class M0064_RollupWeeks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        m.CreateTable("analytics_release_event_weeks", t => new
        {
            project_id = t.Column<long>(nullable: false),
            week = t.Column<DateTime>(nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: false),
            events = t.Column<long>(nullable: false),
            errors = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_release_event_weeks", x => new { x.project_id, x.week, x.release });
            t.ForeignKey("fk_analytics_release_event_weeks_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateTable("analytics_issue_lifecycle_weeks", t => new
        {
            project_id = t.Column<long>(nullable: false),
            week = t.Column<DateTime>(nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: false),
            new_issues = t.Column<long>(nullable: false),
            regressions = t.Column<long>(nullable: false),
            resolved = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_issue_lifecycle_weeks", x => new { x.project_id, x.week, x.release });
            t.ForeignKey("fk_analytics_issue_lifecycle_weeks_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateTable("analytics_issue_time_bucket_weeks", t => new
        {
            project_id = t.Column<long>(nullable: false),
            week = t.Column<DateTime>(nullable: false),
            kind = t.Column<short>(nullable: false),
            bucket = t.Column<short>(nullable: false),
            issues = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_issue_time_bucket_weeks", x => new { x.project_id, x.week, x.kind, x.bucket });
            t.ForeignKey("fk_analytics_issue_time_bucket_weeks_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        foreach (var rollup in Rollups(m))
        {
            foreach (var statement in rollup.CreateTriggers()) m.Sql(statement);
            foreach (var statement in rollup.Recount(null)) m.Sql(statement + ";");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var rollup in Rollups(migrationBuilder))
            foreach (var statement in rollup.DropTriggers()) migrationBuilder.Sql(statement);
        migrationBuilder.DropTable("analytics_release_event_weeks");
        migrationBuilder.DropTable("analytics_issue_lifecycle_weeks");
        migrationBuilder.DropTable("analytics_issue_time_bucket_weeks");
    }

    private static DayRollupSql[] Rollups(MigrationBuilder m)
    {
        var postgres = m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        return [DayRollupSql.ReleaseEventWeeks(postgres), DayRollupSql.LifecycleWeeks(postgres), DayRollupSql.IssueTimeBucketWeeks(postgres)];
    }
}
