using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>The traits each issue is compared by to find likely duplicates.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000005_SimilarIssues")]
public sealed class M0005_SimilarIssues : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("issue_features", t => new
        {
            issue_id = t.Column<long>(nullable: false),
            feature = t.Column<string>(maxLength: 200, nullable: false),
            project_id = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_issue_features", x => new { x.issue_id, x.feature });
            t.ForeignKey("fk_issue_features_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_issue_features_project_id_feature", "issue_features", ["project_id", "feature"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("issue_features");
}
