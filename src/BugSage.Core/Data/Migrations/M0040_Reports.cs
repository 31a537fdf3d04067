using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Reports asked for on demand: a leased queue whose rows keep the written file (PDF, XLSX, CSV or
/// HTML) once done, so any node answers its download.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000040_Reports")]
public sealed class M0040_Reports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        m.CreateTable("report_jobs", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: true),
            project_ids = t.Column<string>(nullable: false),
            kind = t.Column<string>(maxLength: 16, nullable: false),
            format = t.Column<string>(maxLength: 16, nullable: false),
            period_from = t.Column<DateTime>(nullable: false),
            period_to = t.Column<DateTime>(nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            error = t.Column<string>(maxLength: 2000, nullable: true),
            file_name = t.Column<string>(maxLength: 200, nullable: true),
            content_type = t.Column<string>(maxLength: 100, nullable: true),
            content = t.Column<byte[]>(nullable: true),
            size = t.Column<long>(nullable: false),
            created_by = t.Column<string>(maxLength: 320, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            finished_at = t.Column<DateTime>(nullable: true),
            lease_owner = t.Column<string>(maxLength: 64, nullable: true),
            lease_expires_at = t.Column<DateTime>(nullable: true),
            attempts = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_report_jobs", x => x.id);
            t.ForeignKey("fk_report_jobs_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_report_jobs_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_report_jobs_status_id", "report_jobs", ["status", "id"]);
        m.CreateIndex("ix_report_jobs_organization_id_id", "report_jobs", ["organization_id", "id"]);
        m.CreateIndex("ix_report_jobs_project_id", "report_jobs", "project_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("report_jobs");
}
