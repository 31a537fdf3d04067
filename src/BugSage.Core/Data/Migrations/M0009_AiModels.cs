using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>The chat models organizations configure, and a record of every call to them.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000009_AiModels")]
public sealed class M0009_AiModels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("ai_models", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            name = t.Column<string>(maxLength: 100, nullable: false),
            provider = t.Column<string>(maxLength: 32, nullable: false),
            endpoint = t.Column<string>(maxLength: 500, nullable: false),
            model = t.Column<string>(maxLength: 200, nullable: false),
            api_key_protected = t.Column<string>(nullable: true),
            timeout_seconds = t.Column<int>(nullable: false),
            max_output_tokens = t.Column<int>(nullable: false),
            input_price_per1k = t.Column<decimal>(precision: 18, scale: 6, nullable: false),
            output_price_per1k = t.Column<decimal>(precision: 18, scale: 6, nullable: false),
            priority = t.Column<int>(nullable: false),
            enabled = t.Column<bool>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_ai_models", x => x.id);
            t.ForeignKey("fk_ai_models_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_ai_models_organization_id_name", "ai_models", ["organization_id", "name"], unique: true);

        migrationBuilder.CreateTable("model_calls", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            model_name = t.Column<string>(maxLength: 100, nullable: false),
            provider = t.Column<string>(maxLength: 32, nullable: false),
            model = t.Column<string>(maxLength: 200, nullable: true),
            purpose = t.Column<string>(maxLength: 64, nullable: false),
            succeeded = t.Column<bool>(nullable: false),
            error = t.Column<string>(maxLength: 1000, nullable: true),
            input_tokens = t.Column<int>(nullable: false),
            output_tokens = t.Column<int>(nullable: false),
            cost = t.Column<decimal>(precision: 18, scale: 6, nullable: false),
            duration_ms = t.Column<long>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_model_calls", x => x.id));
        migrationBuilder.CreateIndex("ix_model_calls_organization_id_created_at", "model_calls", ["organization_id", "created_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("model_calls");
        migrationBuilder.DropTable("ai_models");
    }
}
