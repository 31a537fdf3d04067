using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Releases;

/// <summary>EF configuration of release commits and deploys (created by M0019_Releases).</summary>
internal static class ReleasesConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<ReleaseCommit>(e =>
        {
            e.ToTable("release_commits");
            e.HasKey(x => x.Id);
            e.Property(x => x.Version).HasMaxLength(ReleaseVersions.MaxLength);
            e.Property(x => x.Repository).HasMaxLength(200);
            e.Property(x => x.Sha).HasMaxLength(64);
            e.Property(x => x.AuthorName).HasMaxLength(200);
            e.Property(x => x.AuthorEmail).HasMaxLength(200);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganizationId, x.Version });
        });
        model.Entity<Deploy>(e =>
        {
            e.ToTable("deploys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Version).HasMaxLength(ReleaseVersions.MaxLength);
            e.Property(x => x.Environment).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Url).HasMaxLength(1000);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganizationId, x.Version });
        });
    }
}
