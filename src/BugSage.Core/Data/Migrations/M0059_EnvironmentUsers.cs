using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Hourly and daily user sketches of each environment over every release (<c>analytics_environment_user_sketch_hours</c>,
/// <c>analytics_environment_user_sketch_days</c>): a 90-day series of one environment merged one sketch per day and
/// release (1,780 rows read and merged per answer in the analytics benchmark, 7 ms of PostgreSQL's time alone) and now
/// merges one per day; a 31-day hourly series, one per hour instead of about 14,000. Sketches cannot be merged in SQL, so
/// <see cref="DatabaseMigrator"/> merges the stored sketches into them after the migration.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000059_EnvironmentUsers")]
public sealed class M0059_EnvironmentUsers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var (table, time) in new[] { ("analytics_environment_user_sketch_hours", "hour"), ("analytics_environment_user_sketch_days", "day") })
            migrationBuilder.CreateTable(table, t => new
            {
                project_id = t.Column<long>(nullable: false),
                at = t.Column<DateTime>(name: time, nullable: false),
                environment = t.Column<string>(maxLength: 64, nullable: false),
                sketch = t.Column<byte[]>(nullable: false),
            }, constraints: t =>
            {
                t.PrimaryKey($"pk_{table}", x => new { x.project_id, x.at, x.environment });
                t.ForeignKey($"fk_{table}_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("analytics_environment_user_sketch_days");
        migrationBuilder.DropTable("analytics_environment_user_sketch_hours");
    }
}
