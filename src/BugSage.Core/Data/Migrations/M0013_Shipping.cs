using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Shipping fixes: a repository's push token, webhook secret and GitHub name; a session's push, pull request and merge.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000013_Shipping")]
public sealed class M0013_Shipping : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("access_token_protected", "repositories", nullable: true);
        migrationBuilder.AddColumn<string>("webhook_secret_protected", "repositories", nullable: true);
        migrationBuilder.AddColumn<string>("git_hub_repository", "repositories", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<bool>("pushed", "fix_sessions", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>("pull_request_url", "fix_sessions", maxLength: 500, nullable: true);
        migrationBuilder.AddColumn<int>("pull_request_number", "fix_sessions", nullable: true);
        migrationBuilder.AddColumn<DateTime>("merged_at", "fix_sessions", nullable: true);
        migrationBuilder.AddColumn<bool>("ship_when_validated", "fix_sessions", nullable: false, defaultValue: false);
        migrationBuilder.CreateIndex("ix_fix_sessions_repository_id_pull_request_number", "fix_sessions", ["repository_id", "pull_request_number"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_fix_sessions_repository_id_pull_request_number", "fix_sessions");
        foreach (var column in new[] { "pushed", "pull_request_url", "pull_request_number", "merged_at", "ship_when_validated" }) migrationBuilder.DropColumn(column, "fix_sessions");
        foreach (var column in new[] { "access_token_protected", "webhook_secret_protected", "git_hub_repository" }) migrationBuilder.DropColumn(column, "repositories");
    }
}
