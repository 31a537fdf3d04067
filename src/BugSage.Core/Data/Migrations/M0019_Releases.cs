using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Releases as pipelines manage them: when a release went out, its URL and status; the commits
/// in each release of an organization (with the files they touched, for suspect commits); deploys
/// per environment. (Events per release use M0020's index.)
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261226000019_Releases")]
public sealed class M0019_Releases : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>("date_released", "releases", nullable: true);
        migrationBuilder.AddColumn<string>("url", "releases", maxLength: 1000, nullable: true);
        migrationBuilder.AddColumn<string>("status", "releases", maxLength: 16, nullable: false, defaultValue: "open");

        migrationBuilder.CreateTable("release_commits", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            version = t.Column<string>(maxLength: 250, nullable: false),
            repository = t.Column<string>(maxLength: 200, nullable: false),
            sha = t.Column<string>(maxLength: 64, nullable: false),
            message = t.Column<string>(nullable: true),
            author_name = t.Column<string>(maxLength: 200, nullable: true),
            author_email = t.Column<string>(maxLength: 200, nullable: true),
            timestamp = t.Column<DateTime>(nullable: true),
            files = t.Column<string>(nullable: false),
            position = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_release_commits", x => x.id);
            t.ForeignKey("fk_release_commits_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_release_commits_organization_id_version", "release_commits", ["organization_id", "version"]);

        migrationBuilder.CreateTable("deploys", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            version = t.Column<string>(maxLength: 250, nullable: false),
            environment = t.Column<string>(maxLength: 64, nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: true),
            url = t.Column<string>(maxLength: 1000, nullable: true),
            date_started = t.Column<DateTime>(nullable: true),
            date_finished = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_deploys", x => x.id);
            t.ForeignKey("fk_deploys_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_deploys_organization_id_version", "deploys", ["organization_id", "version"]);

        // Source map retention looks for content no uploaded file refers to.
        migrationBuilder.CreateIndex("ix_artifact_files_blob_checksum", "artifact_files", "blob_checksum");

    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_artifact_files_blob_checksum", "artifact_files");
        migrationBuilder.DropTable("deploys");
        migrationBuilder.DropTable("release_commits");
        migrationBuilder.DropColumn("status", "releases");
        migrationBuilder.DropColumn("url", "releases");
        migrationBuilder.DropColumn("date_released", "releases");
    }
}
