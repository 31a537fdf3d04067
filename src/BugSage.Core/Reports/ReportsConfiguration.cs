using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Reports;

/// <summary>EF configuration of the report tables (created by M0040_Reports and M0048_ReportSchedules).</summary>
internal static class ReportsConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        ConfigureJobs(model);
        ConfigureSchedules(model);
    }

    private static void ConfigureJobs(ModelBuilder model) => model.Entity<ReportJob>(e =>
    {
        e.ToTable("report_jobs");
        e.HasKey(x => x.Id);
        // Unbounded: an organization may have thousands of projects.
        e.Property(x => x.ProjectIds);
        e.Property(x => x.Kind).HasMaxLength(16);
        e.Property(x => x.Format).HasMaxLength(16);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.Error).HasMaxLength(2000);
        e.Property(x => x.FileName).HasMaxLength(200);
        e.Property(x => x.ContentType).HasMaxLength(100);
        e.Property(x => x.CreatedBy).HasMaxLength(320);
        e.Property(x => x.LeaseOwner).HasMaxLength(64);
        e.Property(x => x.Attempts).IsConcurrencyToken();
        e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.Status, x.Id });
        e.HasIndex(x => new { x.OrganizationId, x.Id });
        e.HasIndex(x => x.ProjectId);
    });

    private static void ConfigureSchedules(ModelBuilder model)
    {
        model.Entity<ReportSchedule>(e =>
        {
            e.ToTable("report_schedules");
            e.HasKey(x => x.Id);
            e.Property(x => x.ProjectIds);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Format).HasMaxLength(16);
            e.Property(x => x.Cron).HasMaxLength(100);
            e.Property(x => x.TimeZone).HasMaxLength(64);
            e.Property(x => x.IntegrationIds).HasMaxLength(1000);
            e.Property(x => x.LastStatus).HasMaxLength(16);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.Property(x => x.CreatedBy).HasMaxLength(320);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganizationId, x.Id });
            e.HasIndex(x => x.ProjectId);
            e.HasIndex(x => new { x.Enabled, x.NextDueAt });
        });
        model.Entity<ReportScheduleRun>(e =>
        {
            e.ToTable("report_schedule_runs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.PendingTargets).HasMaxLength(1000);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.HasOne<ReportSchedule>().WithMany().HasForeignKey(x => x.ScheduleId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ReportJob>().WithMany().HasForeignKey(x => x.ReportJobId).OnDelete(DeleteBehavior.Cascade);
            // One run per firing: a second node, or this one after a restart, that finds the same firing due inserts nothing.
            e.HasIndex(x => new { x.ScheduleId, x.DueAt }).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.ReportJobId);
        });
    }
}
