using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Source map storage: artifact bundles per organization, their files per project (found by
/// debug ID or by release and URL), file content stored once by checksum, and the chunks of
/// uploads in progress.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000018_SourceMaps")]
public sealed class M0018_SourceMaps : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("artifact_bundles", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            checksum = t.Column<string>(maxLength: 40, nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: true),
            dist = t.Column<string>(maxLength: 64, nullable: true),
            file_count = t.Column<int>(nullable: false),
            size = t.Column<long>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_artifact_bundles", x => x.id);
            t.ForeignKey("fk_artifact_bundles_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_artifact_bundles_organization_id_checksum", "artifact_bundles", ["organization_id", "checksum"]);

        migrationBuilder.CreateTable("artifact_files", t => new
        {
            id = t.Identity(),
            bundle_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: false),
            type = t.Column<string>(maxLength: 32, nullable: false),
            url = t.Column<string>(maxLength: 1024, nullable: true),
            debug_id = t.Column<string>(maxLength: 64, nullable: true),
            source_map_url = t.Column<string>(maxLength: 1024, nullable: true),
            release = t.Column<string>(maxLength: 250, nullable: true),
            dist = t.Column<string>(maxLength: 64, nullable: true),
            blob_checksum = t.Column<string>(maxLength: 40, nullable: false),
            size = t.Column<long>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_artifact_files", x => x.id);
            t.ForeignKey("fk_artifact_files_artifact_bundles_bundle_id", x => x.bundle_id, "artifact_bundles", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_artifact_files_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_artifact_files_project_id_debug_id_type", "artifact_files", ["project_id", "debug_id", "type"]);
        migrationBuilder.CreateIndex("ix_artifact_files_project_id_release_url", "artifact_files", ["project_id", "release", "url"]);
        migrationBuilder.CreateIndex("ix_artifact_files_bundle_id", "artifact_files", "bundle_id");

        migrationBuilder.CreateTable("artifact_blobs", t => new
        {
            checksum = t.Column<string>(maxLength: 40, nullable: false),
            data = t.Column<byte[]>(nullable: false),
            size = t.Column<long>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_artifact_blobs", x => x.checksum));

        migrationBuilder.CreateTable("upload_chunks", t => new
        {
            organization_id = t.Column<long>(nullable: false),
            checksum = t.Column<string>(maxLength: 40, nullable: false),
            data = t.Column<byte[]>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_upload_chunks", x => new { x.organization_id, x.checksum });
            t.ForeignKey("fk_upload_chunks_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_upload_chunks_created_at", "upload_chunks", "created_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("upload_chunks");
        migrationBuilder.DropTable("artifact_blobs");
        migrationBuilder.DropTable("artifact_files");
        migrationBuilder.DropTable("artifact_bundles");
    }
}
