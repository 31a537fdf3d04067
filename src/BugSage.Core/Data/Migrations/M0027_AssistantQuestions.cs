using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Questions asked of the assistant, counted by its limits apart from the conversations that deletion and folding shrink.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000027_AssistantQuestions")]
public sealed class M0027_AssistantQuestions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("assistant_questions", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            user_id = t.Column<long>(nullable: false),
            asked_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_assistant_questions", x => x.id));
        migrationBuilder.CreateIndex("ix_assistant_questions_user_id_asked_at", "assistant_questions", ["user_id", "asked_at"]);
        migrationBuilder.CreateIndex("ix_assistant_questions_organization_id_asked_at", "assistant_questions", ["organization_id", "asked_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("assistant_questions");
}
