using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Recreates the triggers that keep the summed rollups (<see cref="DayRollupSql"/>) so that taking an hour row away never
/// writes its day back for a project that no longer exists. Deleting a project in the database failed on the foreign key:
/// its daily rows went first by cascade, then its hourly rows' delete triggers inserted negative days for it.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000058_RollupTriggersSpareDeletedProjects")]
public sealed class M0058_RollupTriggersSpareDeletedProjects : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        // The rollups as they stood at this migration (DayRollupSql.All grows after it).
        foreach (var rollup in new[] { DayRollupSql.EventDays(postgres), DayRollupSql.LifecycleDays(postgres), DayRollupSql.ProjectEventHours(postgres),
                     DayRollupSql.ProjectIssueHours(postgres), DayRollupSql.SessionDays(postgres), DayRollupSql.IssueTimeBucketDays(postgres) })
        {
            foreach (var statement in rollup.DropTriggers()) migrationBuilder.Sql(statement);
            foreach (var statement in rollup.CreateTriggers()) migrationBuilder.Sql(statement);
        }
    }

    // The triggers before this migration differ only in writing days back for deleted projects; recreating them as they
    // are now is the nearest a downgrade can come without a second copy of the generator.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
