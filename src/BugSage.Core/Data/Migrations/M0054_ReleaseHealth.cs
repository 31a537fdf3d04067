using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Release health from the SDKs' session items, which were counted and dropped: sessions started, crashed, abnormal and
/// errored per hour, environment and release (<c>analytics_session_hours</c>, with daily sums kept by triggers, see
/// <see cref="DayRollupSql.SessionDays"/>), and sketches of the users with a session and of those whose session crashed
/// (<c>analytics_session_user_hours</c> and <c>_days</c>), for crash-free sessions and users by release.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000054_ReleaseHealth")]
public sealed class M0054_ReleaseHealth : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var postgres = m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var (table, time) in new[] { ("analytics_session_hours", "hour"), ("analytics_session_days", "day") })
        {
            m.CreateTable(table, t => new
            {
                project_id = t.Column<long>(nullable: false),
                at = t.Column<DateTime>(nullable: false, name: time),
                environment = t.Column<string>(maxLength: 64, nullable: false),
                release = t.Column<string>(maxLength: 250, nullable: false),
                sessions = t.Column<long>(nullable: false),
                crashed = t.Column<long>(nullable: false),
                abnormal = t.Column<long>(nullable: false),
                errored = t.Column<long>(nullable: false),
            }, constraints: t =>
            {
                t.PrimaryKey($"pk_{table}", x => new { x.project_id, x.at, x.environment, x.release });
                t.ForeignKey($"fk_{table}_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });
        }
        foreach (var (table, time) in new[] { ("analytics_session_user_hours", "hour"), ("analytics_session_user_days", "day") })
        {
            m.CreateTable(table, t => new
            {
                project_id = t.Column<long>(nullable: false),
                at = t.Column<DateTime>(nullable: false, name: time),
                environment = t.Column<string>(maxLength: 64, nullable: false),
                release = t.Column<string>(maxLength: 250, nullable: false),
                sketch = t.Column<byte[]>(nullable: false, defaultValue: Array.Empty<byte>()),
                crashed_sketch = t.Column<byte[]>(nullable: false, defaultValue: Array.Empty<byte>()),
            }, constraints: t =>
            {
                t.PrimaryKey($"pk_{table}", x => new { x.project_id, x.at, x.environment, x.release });
                t.ForeignKey($"fk_{table}_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });
        }
        foreach (var statement in DayRollupSql.SessionDays(postgres).CreateTriggers()) m.Sql(statement);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var statement in DayRollupSql.SessionDays(postgres).DropTriggers()) migrationBuilder.Sql(statement);
        foreach (var table in new[] { "analytics_session_user_days", "analytics_session_user_hours", "analytics_session_days", "analytics_session_hours" })
            migrationBuilder.DropTable(table);
    }
}
