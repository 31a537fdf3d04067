using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Importing from Sentry: the import jobs (a leased queue that keeps each job's stage, cursor and
/// counts, so a resume goes on where it stopped), the map of Sentry ids to what they became, and
/// the Sentry project number of imported DSN keys, which ingestion accepts in their project's place.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000023_SentryImport")]
public sealed class M0023_SentryImport : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("sentry_import_jobs", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            source_url = t.Column<string>(maxLength: 500, nullable: false),
            source_organization = t.Column<string>(maxLength: 100, nullable: false),
            project_slugs = t.Column<string>(maxLength: 2000, nullable: true),
            since = t.Column<DateTime>(nullable: true),
            events_per_issue = t.Column<int>(nullable: false),
            token_protected = t.Column<string>(nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            stage = t.Column<string>(maxLength: 16, nullable: false),
            imported_projects = t.Column<string>(nullable: true),
            project_position = t.Column<int>(nullable: false),
            cursor = t.Column<string>(maxLength: 500, nullable: true),
            projects_imported = t.Column<int>(nullable: false),
            projects_skipped = t.Column<int>(nullable: false),
            keys_imported = t.Column<int>(nullable: false),
            releases_imported = t.Column<int>(nullable: false),
            issues_imported = t.Column<int>(nullable: false),
            events_imported = t.Column<int>(nullable: false),
            notes = t.Column<string>(maxLength: 4000, nullable: true),
            error = t.Column<string>(maxLength: 2000, nullable: true),
            created_by = t.Column<string>(maxLength: 320, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            updated_at = t.Column<DateTime>(nullable: true),
            finished_at = t.Column<DateTime>(nullable: true),
            lease_owner = t.Column<string>(maxLength: 64, nullable: true),
            lease_expires_at = t.Column<DateTime>(nullable: true),
            attempts = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_sentry_import_jobs", x => x.id);
            t.ForeignKey("fk_sentry_import_jobs_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_sentry_import_jobs_status_id", "sentry_import_jobs", ["status", "id"]);
        migrationBuilder.CreateIndex("ix_sentry_import_jobs_organization_id_id", "sentry_import_jobs", ["organization_id", "id"]);

        migrationBuilder.CreateTable("import_mappings", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            source = t.Column<string>(maxLength: 600, nullable: false),
            kind = t.Column<string>(maxLength: 16, nullable: false),
            sentry_id = t.Column<string>(maxLength: 100, nullable: false),
            target_id = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_import_mappings", x => x.id);
            t.ForeignKey("fk_import_mappings_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_import_mappings_organization_id_source_kind_sentry_id", "import_mappings", ["organization_id", "source", "kind", "sentry_id"], unique: true);

        migrationBuilder.AddColumn<long>("sentry_project_id", "project_keys", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("sentry_project_id", "project_keys");
        migrationBuilder.DropTable("import_mappings");
        migrationBuilder.DropTable("sentry_import_jobs");
    }
}
