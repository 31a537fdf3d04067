using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// What coding agents report on an issue's task (claimed, working, a patch proposed with its diff,
/// done, gave up), kept as history: the newest report is the task's state, and each has its place in it
/// (unique per issue, which settles two agents claiming at once). Reports go with their
/// issue and project when those are deleted.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000029_AgentTaskUpdates")]
public sealed class M0029_AgentTaskUpdates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("agent_task_updates", t => new
        {
            id = t.Identity(),
            issue_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: false),
            sequence = t.Column<int>(nullable: false),
            status = t.Column<string>(maxLength: 32, nullable: false),
            message = t.Column<string>(maxLength: 10_000, nullable: true),
            diff = t.Column<string>(nullable: true),
            agent_name = t.Column<string>(maxLength: 100, nullable: true),
            fix_session_id = t.Column<long>(nullable: true),
            external_url = t.Column<string>(maxLength: 2_000, nullable: true),
            user_id = t.Column<long>(nullable: false),
            token_id = t.Column<long>(nullable: true),
            reported_by = t.Column<string>(maxLength: 320, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_agent_task_updates", x => x.id);
            t.ForeignKey("fk_agent_task_updates_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_agent_task_updates_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        // One report per place in an issue's history: two agents reporting on the same state at once cannot both be recorded.
        migrationBuilder.CreateIndex("ix_agent_task_updates_issue_id_sequence", "agent_task_updates", ["issue_id", "sequence"], unique: true);
        migrationBuilder.CreateIndex("ix_agent_task_updates_project_id", "agent_task_updates", "project_id");
        // The fix session validating a proposed patch reads it by its id.
        migrationBuilder.CreateIndex("ix_agent_task_updates_fix_session_id", "agent_task_updates", "fix_session_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("agent_task_updates");
}
