using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Daily user sketches over every environment and release (<c>analytics_project_user_sketch_days</c>): a 90-day series of a
/// whole project merged one sketch per day, environment and release (600 rows, 2 MB read and merged per answer in the
/// analytics benchmark) and now merges one per day. Sketches cannot be merged in SQL, so <see cref="DatabaseMigrator"/>
/// merges the stored daily sketches into them after the migration.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000055_ProjectDayUsers")]
public sealed class M0055_ProjectDayUsers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("analytics_project_user_sketch_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            sketch = t.Column<byte[]>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_project_user_sketch_days", x => new { x.project_id, x.day });
            t.ForeignKey("fk_analytics_project_user_sketch_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("analytics_project_user_sketch_days");
}
