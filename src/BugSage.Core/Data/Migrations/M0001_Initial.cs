using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Accounts, projects and keys, issues and events, the inbox checkpoint.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000001_Initial")]
public sealed class M0001_Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        m.CreateTable("organizations", t => new
        {
            id = t.Identity(),
            slug = t.Column<string>(maxLength: 64, nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_organizations", x => x.id));
        m.CreateIndex("ix_organizations_slug", "organizations", "slug", unique: true);

        m.CreateTable("users", t => new
        {
            id = t.Identity(),
            email = t.Column<string>(maxLength: 320, nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: false),
            password_hash = t.Column<string>(maxLength: 512, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_users", x => x.id));
        m.CreateIndex("ix_users_email", "users", "email", unique: true);

        m.CreateTable("memberships", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            user_id = t.Column<long>(nullable: false),
            role = t.Column<string>(maxLength: 16, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_memberships", x => x.id);
            t.ForeignKey("fk_memberships_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_memberships_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_memberships_organization_id_user_id", "memberships", ["organization_id", "user_id"], unique: true);
        m.CreateIndex("ix_memberships_user_id", "memberships", "user_id");

        m.CreateTable("projects", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            slug = t.Column<string>(maxLength: 64, nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: false),
            platform = t.Column<string>(maxLength: 64, nullable: true),
            next_issue_number = t.Column<long>(nullable: false),
            fingerprint_rules = t.Column<string>(nullable: true),
            sensitive_fields = t.Column<string>(nullable: true),
            safe_fields = t.Column<string>(nullable: true),
            scrub_ip_addresses = t.Column<bool>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_projects", x => x.id);
            t.ForeignKey("fk_projects_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_projects_organization_id_slug", "projects", ["organization_id", "slug"], unique: true);

        m.CreateTable("project_keys", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            public_key = t.Column<string>(maxLength: 64, nullable: false),
            label = t.Column<string>(maxLength: 200, nullable: false),
            is_active = t.Column<bool>(nullable: false),
            rate_limit_per_minute = t.Column<int>(nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_project_keys", x => x.id);
            t.ForeignKey("fk_project_keys_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_project_keys_public_key", "project_keys", "public_key", unique: true);
        m.CreateIndex("ix_project_keys_project_id", "project_keys", "project_id");

        CreateIssueTables(m);
        CreateEventTables(m);

        m.CreateTable("inbox_checkpoints", t => new
        {
            node_id = t.Column<string>(maxLength: 64, nullable: false),
            segment = t.Column<long>(nullable: false),
            offset = t.Column<long>(nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_inbox_checkpoints", x => x.node_id));

        m.CreateTable("server_settings", t => new
        {
            key = t.Column<string>(maxLength: 100, nullable: false),
            value = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_server_settings", x => x.key));
    }

    private static void CreateIssueTables(MigrationBuilder m)
    {
        m.CreateTable("issues", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            short_number = t.Column<long>(nullable: false),
            title = t.Column<string>(maxLength: 1024, nullable: false),
            culprit = t.Column<string>(maxLength: 512, nullable: true),
            level = t.Column<string>(maxLength: 16, nullable: false),
            platform = t.Column<string>(maxLength: 64, nullable: true),
            status = t.Column<string>(maxLength: 16, nullable: false),
            substatus = t.Column<string>(maxLength: 16, nullable: true),
            count = t.Column<long>(nullable: false),
            user_count = t.Column<long>(nullable: false),
            first_seen = t.Column<DateTime>(nullable: false),
            last_seen = t.Column<DateTime>(nullable: false),
            first_release = t.Column<string>(maxLength: 250, nullable: true),
            last_release = t.Column<string>(maxLength: 250, nullable: true),
            assignee_id = t.Column<long>(nullable: true),
            resolved_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_issues", x => x.id);
            t.ForeignKey("fk_issues_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_issues_project_id_short_number", "issues", ["project_id", "short_number"], unique: true);
        m.CreateIndex("ix_issues_project_id_status_last_seen", "issues", ["project_id", "status", "last_seen"]);
        m.CreateIndex("ix_issues_project_id_last_seen", "issues", ["project_id", "last_seen"]);

        m.CreateTable("issue_hashes", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            hash = t.Column<string>(maxLength: 64, nullable: false),
            issue_id = t.Column<long>(nullable: false),
            components = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_issue_hashes", x => x.id);
            t.ForeignKey("fk_issue_hashes_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_issue_hashes_project_id_hash", "issue_hashes", ["project_id", "hash"], unique: true);
        m.CreateIndex("ix_issue_hashes_issue_id", "issue_hashes", "issue_id");

        m.CreateTable("issue_tags", t => new
        {
            issue_id = t.Column<long>(nullable: false),
            key = t.Column<string>(maxLength: 200, nullable: false),
            value = t.Column<string>(maxLength: 200, nullable: false),
            count = t.Column<long>(nullable: false),
            first_seen = t.Column<DateTime>(nullable: false),
            last_seen = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_issue_tags", x => new { x.issue_id, x.key, x.value });
            t.ForeignKey("fk_issue_tags_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("issue_users", t => new
        {
            issue_id = t.Column<long>(nullable: false),
            user_key = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_issue_users", x => new { x.issue_id, x.user_key });
            t.ForeignKey("fk_issue_users_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("releases", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            version = t.Column<string>(maxLength: 250, nullable: false),
            first_seen = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_releases", x => x.id);
            t.ForeignKey("fk_releases_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_releases_project_id_version", "releases", ["project_id", "version"], unique: true);
    }

    private static void CreateEventTables(MigrationBuilder m)
    {
        m.CreateTable("events", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            issue_id = t.Column<long>(nullable: false),
            event_id = t.Column<string>(maxLength: 32, nullable: false),
            timestamp = t.Column<DateTime>(nullable: false),
            received_at = t.Column<DateTime>(nullable: false),
            level = t.Column<string>(maxLength: 16, nullable: false),
            release = t.Column<string>(maxLength: 250, nullable: true),
            environment = t.Column<string>(maxLength: 64, nullable: true),
            message = t.Column<string>(maxLength: 1024, nullable: true),
            user_key = t.Column<string>(maxLength: 200, nullable: true),
            payload = t.Column<byte[]>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_events", x => x.id);
            t.ForeignKey("fk_events_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_events_project_id_event_id", "events", ["project_id", "event_id"], unique: true);
        m.CreateIndex("ix_events_issue_id_timestamp", "events", ["issue_id", "timestamp"]);

        m.CreateTable("event_attachments", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            event_id = t.Column<string>(maxLength: 32, nullable: false),
            filename = t.Column<string>(maxLength: 500, nullable: false),
            content_type = t.Column<string>(maxLength: 200, nullable: true),
            attachment_type = t.Column<string>(maxLength: 64, nullable: true),
            size = t.Column<long>(nullable: false),
            data = t.Column<byte[]>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_event_attachments", x => x.id);
            t.ForeignKey("fk_event_attachments_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_event_attachments_project_id_event_id", "event_attachments", ["project_id", "event_id"]);

        m.CreateTable("user_reports", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            event_id = t.Column<string>(maxLength: 32, nullable: true),
            name = t.Column<string>(maxLength: 200, nullable: true),
            email = t.Column<string>(maxLength: 320, nullable: true),
            comments = t.Column<string>(maxLength: 8192, nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_user_reports", x => x.id);
            t.ForeignKey("fk_user_reports_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_user_reports_project_id_event_id", "user_reports", ["project_id", "event_id"]);

        m.CreateTable("item_outcomes", t => new
        {
            project_id = t.Column<long>(nullable: false),
            outcome = t.Column<string>(maxLength: 32, nullable: false),
            category = t.Column<string>(maxLength: 64, nullable: false),
            reason = t.Column<string>(maxLength: 128, nullable: false),
            quantity = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_item_outcomes", x => new { x.project_id, x.outcome, x.category, x.reason });
            t.ForeignKey("fk_item_outcomes_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        foreach (var table in new[]
        {
            "item_outcomes", "user_reports", "event_attachments", "events", "releases", "issue_users",
            "issue_tags", "issue_hashes", "issues", "project_keys", "projects", "memberships", "users",
            "organizations", "inbox_checkpoints", "server_settings",
        })
            m.DropTable(table);
    }
}
