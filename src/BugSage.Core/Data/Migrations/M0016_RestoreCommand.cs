using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>A repository's restore command: the step before the build that may reach the package registries.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261220000016_RestoreCommand")]
public sealed class M0016_RestoreCommand : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("restore_command", "repositories", maxLength: 1000, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("restore_command", "repositories");
}
