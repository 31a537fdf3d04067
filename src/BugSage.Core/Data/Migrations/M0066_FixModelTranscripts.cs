using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// A fix session's model transcript: every model call and tool call of the model's fix step (JSON, read and written
/// whole with the session). Null when no model was asked, and for sessions that ran before the step had tools.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000066_FixModelTranscripts")]
public sealed class M0066_FixModelTranscripts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddColumn<string>("model_transcript", "fix_sessions", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("model_transcript", "fix_sessions");
}
