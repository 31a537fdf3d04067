using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Quarantined envelopes (poison records set aside by the digest) and leases on queued work.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261202000014_Robustness")]
public sealed class M0014_Robustness : Migration
{
    private static readonly string[] LeasedTables = ["issue_analyses", "fix_sessions"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("quarantined_envelopes", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            node_id = t.Column<string>(maxLength: 64, nullable: false),
            inbox_position = t.Column<string>(maxLength: 64, nullable: false),
            reason = t.Column<string>(maxLength: 2000, nullable: false),
            envelope = t.Column<byte[]>(nullable: false),
            received_at = t.Column<DateTime>(nullable: false),
            quarantined_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_quarantined_envelopes", x => x.id);
            t.ForeignKey("fk_quarantined_envelopes_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_quarantined_envelopes_project_id_id", "quarantined_envelopes", ["project_id", "id"]);

        foreach (var table in LeasedTables)
        {
            migrationBuilder.AddColumn<string>("lease_owner", table, maxLength: 64, nullable: true);
            migrationBuilder.AddColumn<DateTime>("lease_expires_at", table, nullable: true);
            migrationBuilder.AddColumn<int>("attempts", table, nullable: false, defaultValue: 0);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("quarantined_envelopes");
        foreach (var table in LeasedTables)
            foreach (var column in new[] { "lease_owner", "lease_expires_at", "attempts" }) migrationBuilder.DropColumn(column, table);
    }
}
