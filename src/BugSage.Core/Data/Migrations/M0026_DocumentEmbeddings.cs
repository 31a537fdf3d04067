using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Hybrid document search: a model's optional embedding model, and each chunk's embedding with
/// the model that made it. Vectors are plain float32 bytes scored in process, so both providers
/// store them the same way and PostgreSQL needs no pgvector extension.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000026_DocumentEmbeddings")]
public sealed class M0026_DocumentEmbeddings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("embedding_model", "ai_models", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<byte[]>("embedding", "document_chunks", nullable: true);
        migrationBuilder.AddColumn<string>("embedding_model", "document_chunks", maxLength: 200, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("embedding_model", "document_chunks");
        migrationBuilder.DropColumn("embedding", "document_chunks");
        migrationBuilder.DropColumn("embedding_model", "ai_models");
    }
}
