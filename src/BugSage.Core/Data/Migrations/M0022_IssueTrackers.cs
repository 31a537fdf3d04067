using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Issue trackers: GitHub and Jira integrations keep a sealed token and their settings; BugSage
/// issues link to tracker issues (one per tracker integration); an outbox of closes and reopens
/// to send; and the webhook deliveries already acted on, so a replay changes nothing.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000022_IssueTrackers")]
public sealed class M0022_IssueTrackers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("token_protected", "alert_integrations", nullable: true);
        migrationBuilder.AddColumn<string>("tracker_settings", "alert_integrations", maxLength: 4000, nullable: true);

        migrationBuilder.CreateTable("external_issues", t => new
        {
            id = t.Identity(),
            issue_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: false),
            integration_id = t.Column<long>(nullable: false),
            provider = t.Column<string>(maxLength: 16, nullable: false),
            external_key = t.Column<string>(maxLength: 100, nullable: false),
            url = t.Column<string>(maxLength: 1000, nullable: false),
            title = t.Column<string>(maxLength: 500, nullable: true),
            state = t.Column<string>(maxLength: 16, nullable: false),
            last_synced_at = t.Column<DateTime>(nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
            created_by = t.Column<string>(maxLength: 320, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_external_issues", x => x.id);
            t.ForeignKey("fk_external_issues_issues_issue_id", x => x.issue_id, "issues", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_external_issues_alert_integrations_integration_id", x => x.integration_id, "alert_integrations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_external_issues_issue_id_integration_id", "external_issues", ["issue_id", "integration_id"], unique: true);
        migrationBuilder.CreateIndex("ix_external_issues_integration_id_external_key", "external_issues", ["integration_id", "external_key"]);

        migrationBuilder.CreateTable("external_issue_syncs", t => new
        {
            id = t.Identity(),
            external_issue_id = t.Column<long>(nullable: false),
            issue_id = t.Column<long>(nullable: false),
            action = t.Column<string>(maxLength: 16, nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            error = t.Column<string>(maxLength: 2000, nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
            next_attempt_at = t.Column<DateTime>(nullable: false),
            give_up_at = t.Column<DateTime>(nullable: false),
            finished_at = t.Column<DateTime>(nullable: true),
            send_count = t.Column<int>(nullable: false),
            last_status_code = t.Column<int>(nullable: true),
            lease_owner = t.Column<string>(maxLength: 64, nullable: true),
            lease_expires_at = t.Column<DateTime>(nullable: true),
            attempts = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_external_issue_syncs", x => x.id);
            t.ForeignKey("fk_external_issue_syncs_external_issues_external_issue_id", x => x.external_issue_id, "external_issues", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_external_issue_syncs_status_next_attempt_at", "external_issue_syncs", ["status", "next_attempt_at"]);
        migrationBuilder.CreateIndex("ix_external_issue_syncs_external_issue_id", "external_issue_syncs", "external_issue_id");

        migrationBuilder.CreateTable("tracker_webhook_deliveries", t => new
        {
            id = t.Identity(),
            integration_id = t.Column<long>(nullable: false),
            delivery_id = t.Column<string>(maxLength: 100, nullable: false),
            received_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_tracker_webhook_deliveries", x => x.id);
            t.ForeignKey("fk_tracker_webhook_deliveries_alert_integrations_integration_id", x => x.integration_id, "alert_integrations", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_tracker_webhook_deliveries_integration_id_delivery_id", "tracker_webhook_deliveries", ["integration_id", "delivery_id"], unique: true);
        migrationBuilder.CreateIndex("ix_tracker_webhook_deliveries_received_at", "tracker_webhook_deliveries", "received_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("tracker_webhook_deliveries");
        migrationBuilder.DropTable("external_issue_syncs");
        migrationBuilder.DropTable("external_issues");
        migrationBuilder.DropColumn("tracker_settings", "alert_integrations");
        migrationBuilder.DropColumn("token_protected", "alert_integrations");
    }
}
