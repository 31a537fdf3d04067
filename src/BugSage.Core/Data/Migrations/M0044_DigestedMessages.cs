using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// The ids of RabbitMQ messages whose digest committed, so that a message delivered again after a lost acknowledgement is
/// skipped whole (its attachments and feedback are not stored twice). Written in cluster mode only; pruned by age.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000044_DigestedMessages")]
public sealed class M0044_DigestedMessages : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("digested_messages", t => new
        {
            message_id = t.Column<string>(maxLength: 64, nullable: false),
            digested_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_digested_messages", x => x.message_id));
        migrationBuilder.CreateIndex("ix_digested_messages_digested_at", "digested_messages", "digested_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("digested_messages");
}
