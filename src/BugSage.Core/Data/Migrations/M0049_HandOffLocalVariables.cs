using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// The per-project switch that keeps frame local variables (inside the reproduction test) out of tasks handed to outside
/// agents. Existing projects keep handing them on, scrubbed, as before.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000049_HandOffLocalVariables")]
public sealed class M0049_HandOffLocalVariables : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<bool>("hand_off_local_variables", "projects", nullable: false, defaultValue: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("hand_off_local_variables", "projects");
}
