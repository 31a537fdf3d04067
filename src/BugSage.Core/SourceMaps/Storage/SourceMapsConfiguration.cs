using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.SourceMaps.Storage;

/// <summary>EF configuration of the artifact tables (created by M0018_SourceMaps).</summary>
internal static class SourceMapsConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<ArtifactBundle>(e =>
        {
            e.ToTable("artifact_bundles");
            e.HasKey(x => x.Id);
            e.Property(x => x.Checksum).HasMaxLength(40);
            e.Property(x => x.Release).HasMaxLength(250);
            e.Property(x => x.Dist).HasMaxLength(64);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganizationId, x.Checksum });
        });
        model.Entity<ArtifactFile>(e =>
        {
            e.ToTable("artifact_files");
            e.HasKey(x => x.Id);
            e.Property(x => x.Type).HasMaxLength(32);
            e.Property(x => x.Url).HasMaxLength(1024);
            e.Property(x => x.DebugId).HasMaxLength(64);
            e.Property(x => x.SourceMapUrl).HasMaxLength(1024);
            e.Property(x => x.Release).HasMaxLength(250);
            e.Property(x => x.Dist).HasMaxLength(64);
            e.Property(x => x.BlobChecksum).HasMaxLength(40);
            e.HasOne<ArtifactBundle>().WithMany().HasForeignKey(x => x.BundleId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            // The digest looks a file up by debug ID first, then by release and URL.
            e.HasIndex(x => new { x.ProjectId, x.DebugId, x.Type });
            e.HasIndex(x => new { x.ProjectId, x.Release, x.Url });
            e.HasIndex(x => x.BundleId);
            // Retention finds content no file refers to any more (ArtifactRetention).
            e.HasIndex(x => x.BlobChecksum);
        });
        model.Entity<ArtifactBlob>(e =>
        {
            e.ToTable("artifact_blobs");
            e.HasKey(x => x.Checksum);
            e.Property(x => x.Checksum).HasMaxLength(40);
        });
        model.Entity<UploadChunk>(e =>
        {
            e.ToTable("upload_chunks");
            e.HasKey(x => new { x.OrganizationId, x.Checksum });
            e.Property(x => x.Checksum).HasMaxLength(40);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.CreatedAt);
        });
    }
}
