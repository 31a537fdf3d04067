using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Fix sessions, indexed for the list's filters (status, model, dates).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000012_FixSessions")]
public sealed class M0012_FixSessions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("fix_sessions", t => new
        {
            id = t.Identity(),
            issue_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: false),
            organization_id = t.Column<long>(nullable: false),
            status = t.Column<string>(maxLength: 32, nullable: false),
            model_id = t.Column<long>(nullable: true),
            model_name = t.Column<string>(maxLength: 100, nullable: true),
            requested_by = t.Column<string>(maxLength: 320, nullable: false),
            repository_id = t.Column<long>(nullable: true),
            revision = t.Column<string>(maxLength: 64, nullable: true),
            steps = t.Column<string>(nullable: false),
            candidates = t.Column<string>(nullable: false),
            error = t.Column<string>(maxLength: 2000, nullable: true),
            approved_candidate_id = t.Column<int>(nullable: true),
            applied_branch = t.Column<string>(maxLength: 200, nullable: true),
            applied_commit = t.Column<string>(maxLength: 64, nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
            finished_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_fix_sessions", x => x.id);
            t.ForeignKey("fk_fix_sessions_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_fix_sessions_organization_id_status_created_at", "fix_sessions", ["organization_id", "status", "created_at"]);
        migrationBuilder.CreateIndex("ix_fix_sessions_organization_id_model_id_created_at", "fix_sessions", ["organization_id", "model_id", "created_at"]);
        migrationBuilder.CreateIndex("ix_fix_sessions_issue_id_id", "fix_sessions", ["issue_id", "id"]);
        // At most one session the policy started per issue, however many nodes consider it at once.
        migrationBuilder.CreateIndex("ix_fix_sessions_issue_id", "fix_sessions", ["issue_id"], unique: true, filter: "requested_by = 'policy'");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("fix_sessions");
}
