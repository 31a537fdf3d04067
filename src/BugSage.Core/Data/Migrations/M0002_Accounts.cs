using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>Sign-in sessions, API tokens, invitations, the audit log, sign-in lockout.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000002_Accounts")]
public sealed class M0002_Accounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        m.AddColumn<int>("failed_sign_ins", "users", nullable: false, defaultValue: 0);
        m.AddColumn<DateTime>("locked_until", "users", nullable: true);
        m.AddColumn<DateTime>("last_sign_in_at", "users", nullable: true);

        m.CreateTable("refresh_tokens", t => new
        {
            id = t.Identity(),
            user_id = t.Column<long>(nullable: false),
            family_id = t.Column<string>(maxLength: 32, nullable: false),
            token_hash = t.Column<string>(maxLength: 64, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            expires_at = t.Column<DateTime>(nullable: false),
            rotated_at = t.Column<DateTime>(nullable: true),
            revoked_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_refresh_tokens", x => x.id);
            t.ForeignKey("fk_refresh_tokens_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_refresh_tokens_token_hash", "refresh_tokens", "token_hash", unique: true);
        m.CreateIndex("ix_refresh_tokens_family_id", "refresh_tokens", "family_id");
        m.CreateIndex("ix_refresh_tokens_user_id", "refresh_tokens", "user_id");

        m.CreateTable("api_tokens", t => new
        {
            id = t.Identity(),
            user_id = t.Column<long>(nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: false),
            prefix = t.Column<string>(maxLength: 16, nullable: false),
            token_hash = t.Column<string>(maxLength: 64, nullable: false),
            scopes = t.Column<string>(maxLength: 500, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            last_used_at = t.Column<DateTime>(nullable: true),
            expires_at = t.Column<DateTime>(nullable: true),
            revoked_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_api_tokens", x => x.id);
            t.ForeignKey("fk_api_tokens_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_api_tokens_token_hash", "api_tokens", "token_hash", unique: true);
        m.CreateIndex("ix_api_tokens_user_id", "api_tokens", "user_id");

        m.CreateTable("invitations", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            email = t.Column<string>(maxLength: 320, nullable: false),
            role = t.Column<string>(maxLength: 16, nullable: false),
            token_hash = t.Column<string>(maxLength: 64, nullable: false),
            invited_by_user_id = t.Column<long>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            expires_at = t.Column<DateTime>(nullable: false),
            accepted_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_invitations", x => x.id);
            t.ForeignKey("fk_invitations_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_invitations_token_hash", "invitations", "token_hash", unique: true);
        m.CreateIndex("ix_invitations_organization_id", "invitations", "organization_id");

        m.CreateTable("audit_entries", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: true),
            actor_user_id = t.Column<long>(nullable: true),
            actor = t.Column<string>(maxLength: 320, nullable: false),
            action = t.Column<string>(maxLength: 64, nullable: false),
            target = t.Column<string>(maxLength: 500, nullable: true),
            ip_address = t.Column<string>(maxLength: 64, nullable: true),
            details = t.Column<string>(nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_audit_entries", x => x.id);
            t.ForeignKey("fk_audit_entries_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_audit_entries_organization_id_created_at", "audit_entries", ["organization_id", "created_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        foreach (var table in new[] { "audit_entries", "invitations", "api_tokens", "refresh_tokens" }) m.DropTable(table);
        m.DropColumn("last_sign_in_at", "users");
        m.DropColumn("locked_until", "users");
        m.DropColumn("failed_sign_ins", "users");
    }
}
