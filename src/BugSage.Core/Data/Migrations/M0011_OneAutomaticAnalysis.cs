using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>At most one analysis the policy started per issue, however many nodes consider it at once.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000011_OneAutomaticAnalysis")]
public sealed class M0011_OneAutomaticAnalysis : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("ix_issue_analyses_issue_id", "issue_analyses", ["issue_id"], unique: true, filter: "requested_by = 'policy'");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropIndex("ix_issue_analyses_issue_id", "issue_analyses");
}
