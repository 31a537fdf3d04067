using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Triage: resolution and ignore conditions, issue activity, hourly counts, discarded fingerprints, event hashes, sort indexes.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000003_Triage")]
public sealed class M0003_Triage : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        // Room for the archived_* substatuses. SQLite keeps text whole whatever the declared length.
        if (!IsSqlite(m)) m.AlterColumn<string>("substatus", "issues", maxLength: 32, nullable: true, oldMaxLength: 16, oldNullable: true);
        m.AddColumn<string>("resolved_in_release", "issues", maxLength: 250, nullable: true);
        m.AddColumn<bool>("resolved_in_next_release", "issues", nullable: false, defaultValue: false);
        m.AddColumn<DateTime>("ignored_until", "issues", nullable: true);
        m.AddColumn<long>("ignored_until_count", "issues", nullable: true);
        m.AddColumn<long>("ignored_until_user_count", "issues", nullable: true);
        m.AddColumn<string>("hash", "events", maxLength: 64, nullable: true);

        // The list sorts besides last seen.
        m.CreateIndex("ix_issues_project_id_first_seen", "issues", ["project_id", "first_seen"]);
        m.CreateIndex("ix_issues_project_id_count", "issues", ["project_id", "count"]);
        m.CreateIndex("ix_issues_project_id_user_count", "issues", ["project_id", "user_count"]);

        m.CreateTable("issue_activities", t => new
        {
            id = t.Identity(),
            issue_id = t.Column<long>(nullable: false),
            kind = t.Column<string>(maxLength: 32, nullable: false),
            actor_user_id = t.Column<long>(nullable: true),
            actor = t.Column<string>(maxLength: 320, nullable: false),
            data = t.Column<string>(nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_issue_activities", x => x.id);
            t.ForeignKey("fk_issue_activities_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_issue_activities_issue_id_created_at", "issue_activities", ["issue_id", "created_at"]);

        m.CreateTable("issue_hourly_counts", t => new
        {
            issue_id = t.Column<long>(nullable: false),
            hour = t.Column<DateTime>(nullable: false),
            count = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_issue_hourly_counts", x => new { x.issue_id, x.hour });
            t.ForeignKey("fk_issue_hourly_counts_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("discarded_hashes", t => new
        {
            project_id = t.Column<long>(nullable: false),
            hash = t.Column<string>(maxLength: 64, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_discarded_hashes", x => new { x.project_id, x.hash });
            t.ForeignKey("fk_discarded_hashes_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        m.DropIndex("ix_issues_project_id_user_count", "issues");
        m.DropIndex("ix_issues_project_id_count", "issues");
        m.DropIndex("ix_issues_project_id_first_seen", "issues");
        m.DropTable("discarded_hashes");
        m.DropTable("issue_hourly_counts");
        m.DropTable("issue_activities");
        m.DropColumn("hash", "events");
        foreach (var c in new[] { "ignored_until_user_count", "ignored_until_count", "ignored_until", "resolved_in_next_release", "resolved_in_release" })
            m.DropColumn(c, "issues");
        if (!IsSqlite(m)) m.AlterColumn<string>("substatus", "issues", maxLength: 16, nullable: true, oldMaxLength: 32, oldNullable: true);
    }

    private static bool IsSqlite(MigrationBuilder m) => m.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";
}
