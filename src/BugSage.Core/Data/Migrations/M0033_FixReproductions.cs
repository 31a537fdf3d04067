using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// A fix session's reproduction: the test written from the event, how it failed on the unpatched
/// revision, or why none stands (JSON, read and written whole with the session). Null for sessions
/// that ran before the step existed.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000033_FixReproductions")]
public sealed class M0033_FixReproductions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddColumn<string>("reproduction", "fix_sessions", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("reproduction", "fix_sessions");
}
