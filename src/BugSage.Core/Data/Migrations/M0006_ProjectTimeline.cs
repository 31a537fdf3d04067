using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Hourly counts by hour, so a project's events over time read only the hours asked for.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000006_ProjectTimeline")]
public sealed class M0006_ProjectTimeline : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("ix_issue_hourly_counts_hour_issue_id", "issue_hourly_counts", ["hour", "issue_id"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("ix_issue_hourly_counts_hour_issue_id", "issue_hourly_counts");
}
