using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// The day index of <c>analytics_issue_days</c> in the order top recurring reads it: events descending, then the issue id
/// ascending. With events ascending in the index, "busiest first, smaller id on ties" matched neither direction of
/// it, so each (project, day) probe read and sorted the whole day (3,000 issues a day in the analytics benchmark,
/// 61 ms for 90 days on PostgreSQL) to return 25; now it reads 25 index entries.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000051_IssueDayRankIndex")]
public sealed class M0051_IssueDayRankIndex : Migration
{
    private const string Index = "ix_analytics_issue_days_project_id_day_events_issue_id";
    private static readonly string[] Columns = ["project_id", "day", "events", "issue_id"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(Index, "analytics_issue_days");
        migrationBuilder.CreateIndex(Index, "analytics_issue_days", Columns, descending: [false, false, true, false]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(Index, "analytics_issue_days");
        migrationBuilder.CreateIndex(Index, "analytics_issue_days", Columns);
    }
}
