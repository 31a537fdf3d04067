using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// New issues, regressions and resolutions per project, hour and release, kept by the digest, triage, merges and
/// deletes in the transactions that change them. Resolved issues by resolution time serve time-to-resolve reads.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000032_IssueRollups")]
public sealed class M0032_IssueRollups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("analytics_issue_hours", t => new
        {
            project_id = t.Column<long>(nullable: false),
            hour = t.Column<DateTime>(nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: false),
            new_issues = t.Column<long>(nullable: false),
            regressions = t.Column<long>(nullable: false),
            resolved = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_issue_hours", x => new { x.project_id, x.hour, x.release });
            t.ForeignKey("fk_analytics_issue_hours_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        // Time to resolve reads the issues resolved in a range.
        migrationBuilder.CreateIndex("ix_issues_project_id_resolved_at", "issues", ["project_id", "resolved_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_issues_project_id_resolved_at", "issues");
        migrationBuilder.DropTable("analytics_issue_hours");
    }
}
