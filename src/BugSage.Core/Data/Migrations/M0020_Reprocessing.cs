using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Reprocessing: the queue of release jobs an upload starts, and an index that finds a release's
/// events of a project newest first without reading the project's other events.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000020_Reprocessing")]
public sealed class M0020_Reprocessing : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("reprocess_jobs", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            examined = t.Column<int>(nullable: false),
            changed = t.Column<int>(nullable: false),
            failed = t.Column<int>(nullable: false),
            error = t.Column<string>(maxLength: 2000, nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
            finished_at = t.Column<DateTime>(nullable: true),
            lease_owner = t.Column<string>(maxLength: 64, nullable: true),
            lease_expires_at = t.Column<DateTime>(nullable: true),
            attempts = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_reprocess_jobs", x => x.id);
            t.ForeignKey("fk_reprocess_jobs_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_reprocess_jobs_status_id", "reprocess_jobs", ["status", "id"]);
        migrationBuilder.CreateIndex("ix_reprocess_jobs_project_id", "reprocess_jobs", "project_id");
        migrationBuilder.CreateIndex("ix_events_project_id_release_id", "events", ["project_id", "release", "id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_events_project_id_release_id", "events");
        migrationBuilder.DropTable("reprocess_jobs");
    }
}
