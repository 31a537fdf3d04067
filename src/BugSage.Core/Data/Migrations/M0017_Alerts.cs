using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Alert rules and integrations per project, and the delivery outbox: firings written in the
/// digest's transaction, one delivery per target, every attempt recorded.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000017_Alerts")]
public sealed class M0017_Alerts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("alert_rules", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: false),
            enabled = t.Column<bool>(nullable: false),
            trigger = t.Column<string>(maxLength: 32, nullable: false),
            threshold = t.Column<int>(nullable: true),
            window_minutes = t.Column<int>(nullable: true),
            conditions = t.Column<string>(nullable: false),
            actions = t.Column<string>(nullable: false),
            issue_interval_minutes = t.Column<int>(nullable: false),
            max_firings_per_hour = t.Column<int>(nullable: false),
            last_fired_at = t.Column<DateTime>(nullable: true),
            last_fired_reason = t.Column<string>(maxLength: 500, nullable: true),
            created_by = t.Column<string>(maxLength: 320, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_alert_rules", x => x.id);
            t.ForeignKey("fk_alert_rules_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_alert_rules_project_id_id", "alert_rules", ["project_id", "id"]);

        migrationBuilder.CreateTable("alert_integrations", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            organization_id = t.Column<long>(nullable: false),
            kind = t.Column<string>(maxLength: 16, nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: false),
            url_protected = t.Column<string>(nullable: true),
            url_host = t.Column<string>(maxLength: 255, nullable: true),
            secret_protected = t.Column<string>(nullable: true),
            recipients = t.Column<string>(maxLength: 2000, nullable: true),
            consecutive_failures = t.Column<int>(nullable: false),
            paused = t.Column<bool>(nullable: false),
            paused_reason = t.Column<string>(maxLength: 500, nullable: true),
            paused_at = t.Column<DateTime>(nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_alert_integrations", x => x.id);
            t.ForeignKey("fk_alert_integrations_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_alert_integrations_project_id_id", "alert_integrations", ["project_id", "id"]);

        migrationBuilder.CreateTable("alert_firings", t => new
        {
            id = t.Identity(),
            project_id = t.Column<long>(nullable: false),
            rule_id = t.Column<long>(nullable: true),
            issue_id = t.Column<long>(nullable: true),
            trigger = t.Column<string>(maxLength: 32, nullable: false),
            reason = t.Column<string>(maxLength: 500, nullable: false),
            payload = t.Column<string>(nullable: false),
            fired_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_alert_firings", x => x.id);
            t.ForeignKey("fk_alert_firings_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_alert_firings_project_id", "alert_firings", "project_id");
        migrationBuilder.CreateIndex("ix_alert_firings_rule_id_issue_id_fired_at", "alert_firings", ["rule_id", "issue_id", "fired_at"]);
        migrationBuilder.CreateIndex("ix_alert_firings_rule_id_fired_at", "alert_firings", ["rule_id", "fired_at"]);

        migrationBuilder.CreateTable("alert_deliveries", t => new
        {
            id = t.Identity(),
            firing_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: false),
            rule_id = t.Column<long>(nullable: true),
            issue_id = t.Column<long>(nullable: true),
            integration_id = t.Column<long>(nullable: true),
            kind = t.Column<string>(maxLength: 16, nullable: false),
            recipient = t.Column<string>(maxLength: 320, nullable: true),
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
            t.PrimaryKey("pk_alert_deliveries", x => x.id);
            t.ForeignKey("fk_alert_deliveries_alert_firings_firing_id", x => x.firing_id, "alert_firings", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_alert_deliveries_firing_id", "alert_deliveries", "firing_id");
        migrationBuilder.CreateIndex("ix_alert_deliveries_status_next_attempt_at", "alert_deliveries", ["status", "next_attempt_at"]);
        migrationBuilder.CreateIndex("ix_alert_deliveries_project_id_id", "alert_deliveries", ["project_id", "id"]);
        migrationBuilder.CreateIndex("ix_alert_deliveries_rule_id_id", "alert_deliveries", ["rule_id", "id"]);
        migrationBuilder.CreateIndex("ix_alert_deliveries_integration_id_id", "alert_deliveries", ["integration_id", "id"]);

        migrationBuilder.CreateTable("alert_delivery_attempts", t => new
        {
            id = t.Identity(),
            delivery_id = t.Column<long>(nullable: false),
            number = t.Column<int>(nullable: false),
            started_at = t.Column<DateTime>(nullable: false),
            duration_ms = t.Column<int>(nullable: false),
            succeeded = t.Column<bool>(nullable: false),
            status_code = t.Column<int>(nullable: true),
            error = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_alert_delivery_attempts", x => x.id);
            t.ForeignKey("fk_alert_delivery_attempts_alert_deliveries_delivery_id", x => x.delivery_id, "alert_deliveries", "id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("ix_alert_delivery_attempts_delivery_id_number", "alert_delivery_attempts", ["delivery_id", "number"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("alert_delivery_attempts");
        migrationBuilder.DropTable("alert_deliveries");
        migrationBuilder.DropTable("alert_firings");
        migrationBuilder.DropTable("alert_integrations");
        migrationBuilder.DropTable("alert_rules");
    }
}
