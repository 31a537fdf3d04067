using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Report schedules (a cron expression in a time zone, the targets to send to) and their runs, one per firing: the
/// unique (schedule, due time) key is what keeps a firing from writing two reports across nodes and restarts.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000048_ReportSchedules")]
public sealed class M0048_ReportSchedules : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        m.CreateTable("report_schedules", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: true),
            project_ids = t.Column<string>(nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: false),
            kind = t.Column<string>(maxLength: 16, nullable: false),
            format = t.Column<string>(maxLength: 16, nullable: false),
            cron = t.Column<string>(maxLength: 100, nullable: false),
            time_zone = t.Column<string>(maxLength: 64, nullable: false),
            integration_ids = t.Column<string>(maxLength: 1000, nullable: false),
            enabled = t.Column<bool>(nullable: false),
            next_due_at = t.Column<DateTime>(nullable: true),
            last_run_at = t.Column<DateTime>(nullable: true),
            last_status = t.Column<string>(maxLength: 16, nullable: true),
            last_error = t.Column<string>(maxLength: 2000, nullable: true),
            last_report_id = t.Column<long>(nullable: true),
            created_by = t.Column<string>(maxLength: 320, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_report_schedules", x => x.id);
            t.ForeignKey("fk_report_schedules_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_report_schedules_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_report_schedules_organization_id_id", "report_schedules", ["organization_id", "id"]);
        m.CreateIndex("ix_report_schedules_project_id", "report_schedules", "project_id");
        m.CreateIndex("ix_report_schedules_enabled_next_due_at", "report_schedules", ["enabled", "next_due_at"]);

        m.CreateTable("report_schedule_runs", t => new
        {
            id = t.Identity(),
            schedule_id = t.Column<long>(nullable: false),
            due_at = t.Column<DateTime>(nullable: false),
            report_job_id = t.Column<long>(nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            pending_targets = t.Column<string>(maxLength: 1000, nullable: false),
            attempts = t.Column<int>(nullable: false),
            next_attempt_at = t.Column<DateTime>(nullable: false),
            error = t.Column<string>(maxLength: 2000, nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
            finished_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_report_schedule_runs", x => x.id);
            t.ForeignKey("fk_report_schedule_runs_report_schedules_schedule_id", x => x.schedule_id, "report_schedules", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_report_schedule_runs_report_jobs_report_job_id", x => x.report_job_id, "report_jobs", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_report_schedule_runs_schedule_id_due_at", "report_schedule_runs", ["schedule_id", "due_at"], unique: true);
        m.CreateIndex("ix_report_schedule_runs_status_next_attempt_at", "report_schedule_runs", ["status", "next_attempt_at"]);
        m.CreateIndex("ix_report_schedule_runs_report_job_id", "report_schedule_runs", "report_job_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("report_schedule_runs");
        migrationBuilder.DropTable("report_schedules");
    }
}
