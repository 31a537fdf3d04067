using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>The assistant's conversations and their turns (questions, answers, tool calls and their confirmations).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000025_Assistant")]
public sealed class M0025_Assistant : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("assistant_conversations", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            user_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: true),
            issue_id = t.Column<long>(nullable: true),
            title = t.Column<string>(maxLength: 200, nullable: false),
            summary = t.Column<string>(maxLength: 20_000, nullable: true),
            message_count = t.Column<int>(nullable: false),
            input_tokens = t.Column<long>(nullable: false),
            output_tokens = t.Column<long>(nullable: false),
            cost = t.Column<decimal>(precision: 18, scale: 6, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            last_activity_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_assistant_conversations", x => x.id);
            t.ForeignKey("fk_assistant_conversations_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_assistant_conversations_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_assistant_conversations_user_id_last_activity_at", "assistant_conversations", ["user_id", "last_activity_at"]);
        migrationBuilder.CreateIndex("ix_assistant_conversations_last_activity_at", "assistant_conversations", "last_activity_at");
        migrationBuilder.CreateIndex("ix_assistant_conversations_organization_id", "assistant_conversations", "organization_id");

        migrationBuilder.CreateTable("assistant_messages", t => new
        {
            id = t.Identity(),
            conversation_id = t.Column<long>(nullable: false),
            role = t.Column<string>(maxLength: 16, nullable: false),
            content = t.Column<string>(maxLength: 40_000, nullable: false),
            tool_name = t.Column<string>(maxLength: 64, nullable: true),
            tool_arguments = t.Column<string>(maxLength: 10_000, nullable: true),
            tool_result = t.Column<string>(maxLength: 100_000, nullable: true),
            tool_status = t.Column<string>(maxLength: 32, nullable: true),
            tool_call_id = t.Column<string>(maxLength: 100, nullable: true),
            engine = t.Column<string>(maxLength: 100, nullable: true),
            input_tokens = t.Column<int>(nullable: false),
            output_tokens = t.Column<int>(nullable: false),
            cost = t.Column<decimal>(precision: 18, scale: 6, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_assistant_messages", x => x.id);
            t.ForeignKey("fk_assistant_messages_assistant_conversations_conversation_id", x => x.conversation_id, "assistant_conversations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_assistant_messages_conversation_id_id", "assistant_messages", ["conversation_id", "id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("assistant_messages");
        migrationBuilder.DropTable("assistant_conversations");
    }
}
