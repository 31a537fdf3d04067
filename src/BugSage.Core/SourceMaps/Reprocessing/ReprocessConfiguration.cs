using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.SourceMaps.Reprocessing;

/// <summary>EF configuration of the reprocessing queue (created by M0020_Reprocessing).</summary>
internal static class ReprocessConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<ReprocessJob>(e =>
        {
            e.ToTable("reprocess_jobs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Release).HasMaxLength(250);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.Property(x => x.LeaseOwner).HasMaxLength(64);
            e.Property(x => x.Attempts).IsConcurrencyToken();
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.Status, x.Id });
            e.HasIndex(x => x.ProjectId);
        });
    }
}
