using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Daily event sums by release over every environment (<c>analytics_release_event_days</c>), kept by triggers on the event
/// hours (<see cref="DayRollupSql.ReleaseEventDays"/>) and backfilled here: releases compared, with no environment named,
/// read a third of the event-day rows they did.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000062_ReleaseEventDays")]
public sealed class M0062_ReleaseEventDays : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var rollup = DayRollupSql.ReleaseEventDays(m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite");
        m.CreateTable("analytics_release_event_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: false),
            events = t.Column<long>(nullable: false),
            errors = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_release_event_days", x => new { x.project_id, x.day, x.release });
            t.ForeignKey("fk_analytics_release_event_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        foreach (var statement in rollup.CreateTriggers()) m.Sql(statement);
        foreach (var statement in rollup.Recount(null)) m.Sql(statement + ";");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var statement in DayRollupSql.ReleaseEventDays(migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite").DropTriggers())
            migrationBuilder.Sql(statement);
        migrationBuilder.DropTable("analytics_release_event_days");
    }
}
