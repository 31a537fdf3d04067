using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Root-cause analyses of issues, with their history.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000007_IssueAnalyses")]
public sealed class M0007_IssueAnalyses : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("issue_analyses", t => new
        {
            id = t.Identity(),
            issue_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            requested_by = t.Column<string>(maxLength: 320, nullable: false),
            engine = t.Column<string>(maxLength: 64, nullable: true),
            model = t.Column<string>(maxLength: 200, nullable: true),
            category = t.Column<string>(maxLength: 64, nullable: true),
            confidence = t.Column<double>(nullable: true),
            result = t.Column<string>(nullable: true),
            error = t.Column<string>(maxLength: 2000, nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
            started_at = t.Column<DateTime>(nullable: true),
            finished_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_issue_analyses", x => x.id);
            t.ForeignKey("fk_issue_analyses_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_issue_analyses_issue_id_id", "issue_analyses", ["issue_id", "id"]);
        migrationBuilder.CreateIndex("ix_issue_analyses_status_id", "issue_analyses", ["status", "id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("issue_analyses");
}
