using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// An index of <c>analytics_issue_days</c> by issue and day that holds the events too, for top recurring's exact counts:
/// each candidate's days are one range of it, read without visiting the table. Through the primary key each day row was
/// a second, scattered read: 2,270 candidates over 90 days took 15 ms on SQLite and 22 ms on PostgreSQL in the analytics
/// benchmark's 90 days, against 9 and 15 ms from this index.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000057_IssueDayTotalsIndex")]
public sealed class M0057_IssueDayTotalsIndex : Migration
{
    private const string Index = "ix_analytics_issue_days_issue_id_day_events";

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(Index, "analytics_issue_days", ["issue_id", "day", "events"]);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropIndex(Index, "analytics_issue_days");
}
