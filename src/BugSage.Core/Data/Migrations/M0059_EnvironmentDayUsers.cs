using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Daily user sketches of each environment over every release (<c>analytics_environment_user_sketch_days</c>): a 90-day
/// series of one environment merged one sketch per day and release (1,780 rows read and merged per answer in the analytics
/// benchmark, 7 ms of PostgreSQL's time alone) and now merges one per day. Sketches cannot be merged in SQL, so
/// <see cref="DatabaseMigrator"/> merges the stored daily sketches into them after the migration.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000059_EnvironmentDayUsers")]
public sealed class M0059_EnvironmentDayUsers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("analytics_environment_user_sketch_days", t => new
        {
            project_id = t.Column<long>(nullable: false),
            day = t.Column<DateTime>(nullable: false),
            environment = t.Column<string>(maxLength: 64, nullable: false),
            sketch = t.Column<byte[]>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_environment_user_sketch_days", x => new { x.project_id, x.day, x.environment });
            t.ForeignKey("fk_analytics_environment_user_sketch_days_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("analytics_environment_user_sketch_days");
}
