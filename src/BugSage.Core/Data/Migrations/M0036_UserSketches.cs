using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Users affected become HyperLogLog sketches per project, hour (and day), environment and release: the exact
/// per-user rows grew with every user and made a 90-day answer read a million rows. The exact rows are dropped;
/// <c>rebuild-rollups</c> refills the sketches from the stored events.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000036_UserSketches")]
public sealed class M0036_UserSketches : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("analytics_user_hours");
        foreach (var (table, time) in new[] { ("analytics_user_sketch_hours", "hour"), ("analytics_user_sketch_days", "day") })
        {
            migrationBuilder.CreateTable(table, t => new
            {
                project_id = t.Column<long>(nullable: false),
                at = t.Column<DateTime>(nullable: false, name: time),
                environment = t.Column<string>(maxLength: 64, nullable: false),
                release = t.Column<string>(maxLength: 250, nullable: false),
                sketch = t.Column<byte[]>(nullable: false),
            }, constraints: t =>
            {
                t.PrimaryKey($"pk_{table}", x => new { x.project_id, x.at, x.environment, x.release });
                t.ForeignKey($"fk_{table}_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
            });
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("analytics_user_sketch_days");
        migrationBuilder.DropTable("analytics_user_sketch_hours");
        M0031_UserRollups.Create(migrationBuilder);
    }
}
