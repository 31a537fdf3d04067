using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Per-project event retention, and the index the purge walks to find expired events without scanning.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000028_EventRetention")]
public sealed class M0028_EventRetention : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("event_retention_days", "projects", nullable: true);
        migrationBuilder.CreateIndex("ix_events_project_id_received_at", "events", ["project_id", "received_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_events_project_id_received_at", "events");
        migrationBuilder.DropColumn("event_retention_days", "projects");
    }
}
