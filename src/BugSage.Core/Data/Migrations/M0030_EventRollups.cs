using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Events per project, hour, environment and release, kept by the digest in the batch's transaction, so analytics
/// read a few thousand rows for 90 days instead of a million events. The key leads with the project and hour: every
/// analytics read asks for one project's (or organization's projects') range of hours.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000030_EventRollups")]
public sealed class M0030_EventRollups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("analytics_event_hours", t => new
        {
            project_id = t.Column<long>(nullable: false),
            hour = t.Column<DateTime>(nullable: false),
            environment = t.Column<string>(maxLength: 64, nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: false),
            events = t.Column<long>(nullable: false),
            errors = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_event_hours", x => new { x.project_id, x.hour, x.environment, x.release });
            t.ForeignKey("fk_analytics_event_hours_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("analytics_event_hours");
}
