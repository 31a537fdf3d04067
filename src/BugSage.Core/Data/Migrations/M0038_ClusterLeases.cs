using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// The leases by which one node of a cluster runs each periodic job (aging, retention, the weekly summary, the
/// assistant's sweep). Empty and unread in one process.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000038_ClusterLeases")]
public sealed class M0038_ClusterLeases : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable("cluster_leases", t => new
        {
            name = t.Column<string>(maxLength: 100, nullable: false),
            holder = t.Column<string>(maxLength: 64, nullable: false),
            expires_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_cluster_leases", x => x.name));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("cluster_leases");
}
