using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Reports;

/// <summary>EF configuration of the report table (created by M0040_Reports).</summary>
internal static class ReportsConfiguration
{
    public static void Configure(ModelBuilder model) => model.Entity<ReportJob>(e =>
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
}
