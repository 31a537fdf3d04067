using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Alerts, second part: a rule's digest window and the delivery that gathers it, a webhook's
/// previous secret while it overlaps the new one, Slack's bot mode, each person's
/// notification settings, and the weekly summaries written once per person and week.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000021_AlertDigests")]
public sealed class M0021_AlertDigests : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("digest_minutes", "alert_rules", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<DateTime>("digest_until", "alert_deliveries", nullable: true);
        migrationBuilder.AddColumn<DateTime>("digest_until", "alert_firings", nullable: true);
        migrationBuilder.CreateIndex("ix_alert_firings_rule_id_digest_until", "alert_firings", ["rule_id", "digest_until"]);
        migrationBuilder.CreateIndex("ix_alert_deliveries_rule_id_digest_until", "alert_deliveries", ["rule_id", "digest_until"]);
        migrationBuilder.AddColumn<string>("previous_secret_protected", "alert_integrations", nullable: true);
        migrationBuilder.AddColumn<DateTime>("previous_secret_expires_at", "alert_integrations", nullable: true);
        migrationBuilder.AddColumn<string>("slack_channel", "alert_integrations", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<string>("slack_signing_secret_protected", "alert_integrations", nullable: true);

        migrationBuilder.CreateTable("notification_settings", t => new
        {
            user_id = t.Column<long>(nullable: false),
            email = t.Column<bool>(nullable: false),
            muted_projects = t.Column<string>(maxLength: 4000, nullable: false),
            muted_triggers = t.Column<string>(maxLength: 1000, nullable: false),
            weekly_summary = t.Column<bool>(nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_notification_settings", x => x.user_id);
            t.ForeignKey("fk_notification_settings_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable("weekly_summaries", t => new
        {
            id = t.Identity(),
            user_id = t.Column<long>(nullable: false),
            week_start = t.Column<DateTime>(nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            error = t.Column<string>(maxLength: 1000, nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
            sent_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_weekly_summaries", x => x.id);
            t.ForeignKey("fk_weekly_summaries_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_weekly_summaries_user_id_week_start", "weekly_summaries", ["user_id", "week_start"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("weekly_summaries");
        migrationBuilder.DropTable("notification_settings");
        migrationBuilder.DropColumn("slack_signing_secret_protected", "alert_integrations");
        migrationBuilder.DropColumn("slack_channel", "alert_integrations");
        migrationBuilder.DropColumn("previous_secret_expires_at", "alert_integrations");
        migrationBuilder.DropColumn("previous_secret_protected", "alert_integrations");
        migrationBuilder.DropIndex("ix_alert_firings_rule_id_digest_until", "alert_firings");
        migrationBuilder.DropColumn("digest_until", "alert_firings");
        migrationBuilder.DropIndex("ix_alert_deliveries_rule_id_digest_until", "alert_deliveries");
        migrationBuilder.DropColumn("digest_until", "alert_deliveries");
        migrationBuilder.DropColumn("digest_minutes", "alert_rules");
    }
}
