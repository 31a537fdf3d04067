using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// The server admin role (given on upgrade to the first account, which the first start created
/// as the owner) and the GitHub webhook deliveries already acted on.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261215000015_TenantBoundaries")]
public sealed class M0015_TenantBoundaries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("is_server_admin", "users", nullable: false, defaultValue: false);
        migrationBuilder.Sql("UPDATE users SET is_server_admin = TRUE WHERE id = (SELECT MIN(id) FROM users);");

        migrationBuilder.CreateTable("github_deliveries", t => new
        {
            id = t.Identity(),
            delivery_id = t.Column<string>(maxLength: 100, nullable: false),
            repository_id = t.Column<long>(nullable: false),
            received_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_github_deliveries", x => x.id);
            t.ForeignKey("fk_github_deliveries_repositories_repository_id", x => x.repository_id, "repositories", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_github_deliveries_delivery_id", "github_deliveries", "delivery_id", unique: true);
        migrationBuilder.CreateIndex("ix_github_deliveries_received_at", "github_deliveries", "received_at");
        migrationBuilder.CreateIndex("ix_github_deliveries_repository_id", "github_deliveries", "repository_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("github_deliveries");
        migrationBuilder.DropColumn("is_server_admin", "users");
    }
}
