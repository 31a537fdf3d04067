using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Each user (a 64-bit hash of the event's user key) once per project, hour, environment and release, with their
/// event count: users affected over any range are an exact distinct count of these rows, and deleting an issue
/// takes its events' users back out.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000031_UserRollups")]
public sealed class M0031_UserRollups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => Create(migrationBuilder);

    /// <summary>Also what undoing the sketches (M0036) puts back.</summary>
    internal static void Create(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("analytics_user_hours", t => new
        {
            project_id = t.Column<long>(nullable: false),
            hour = t.Column<DateTime>(nullable: false),
            environment = t.Column<string>(maxLength: 64, nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: false),
            user_hash = t.Column<long>(nullable: false),
            events = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_user_hours", x => new { x.project_id, x.hour, x.environment, x.release, x.user_hash });
            t.ForeignKey("fk_analytics_user_hours_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("analytics_user_hours");
}
