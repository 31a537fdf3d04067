using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// The environments and releases admitted to a project's analytics rollups, with the last hour each was seen: the
/// caps on how many are active at once count these, so a flood of made-up names folds into "(other)".
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000037_RollupDimensions")]
public sealed class M0037_RollupDimensions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("analytics_dimensions", t => new
        {
            project_id = t.Column<long>(nullable: false),
            kind = t.Column<string>(maxLength: 16, nullable: false),
            value = t.Column<string>(maxLength: 250, nullable: false),
            last_seen = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_analytics_dimensions", x => new { x.project_id, x.kind, x.value });
            t.ForeignKey("fk_analytics_dimensions_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_analytics_dimensions_project_id_kind_last_seen", "analytics_dimensions", ["project_id", "kind", "last_seen"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("analytics_dimensions");
}
