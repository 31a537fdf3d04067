using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Each organization's autofix policy, versioned for optimistic concurrency.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000008_AutofixPolicies")]
public sealed class M0008_AutofixPolicies : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable("autofix_policies", t => new
        {
            organization_id = t.Column<long>(nullable: false),
            policy = t.Column<string>(nullable: false),
            version = t.Column<int>(nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
            updated_by = t.Column<string>(maxLength: 320, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_autofix_policies", x => x.organization_id);
            t.ForeignKey("fk_autofix_policies_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("autofix_policies");
}
