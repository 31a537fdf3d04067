using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Source repositories linked to projects.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000010_Repositories")]
public sealed class M0010_Repositories : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("repositories", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            name = t.Column<string>(maxLength: 100, nullable: false),
            url = t.Column<string>(maxLength: 1000, nullable: true),
            path = t.Column<string>(maxLength: 1000, nullable: true),
            branch = t.Column<string>(maxLength: 200, nullable: false),
            build_command = t.Column<string>(maxLength: 1000, nullable: true),
            test_command = t.Column<string>(maxLength: 1000, nullable: true),
            path_mappings = t.Column<string>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_repositories", x => x.id);
            t.ForeignKey("fk_repositories_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_repositories_project_id", "repositories", ["project_id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("repositories");
}
