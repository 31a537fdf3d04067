using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Imports;

/// <summary>EF configuration of the import tables (created by M0023_SentryImport).</summary>
internal static class ImportsConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<SentryImportJob>(e =>
        {
            e.ToTable("sentry_import_jobs");
            e.HasKey(x => x.Id);
            e.Property(x => x.SourceUrl).HasMaxLength(500);
            e.Property(x => x.SourceOrganization).HasMaxLength(100);
            e.Property(x => x.ProjectSlugs).HasMaxLength(2000);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Stage).HasMaxLength(16);
            // Unbounded: an organization may have thousands of projects, each slug up to 50 characters.
            e.Property(x => x.ImportedProjects);
            e.Property(x => x.Cursor).HasMaxLength(500);
            e.Property(x => x.Notes).HasMaxLength(SentryImportLimits.NotesLength);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.Property(x => x.CreatedBy).HasMaxLength(320);
            e.Property(x => x.LeaseOwner).HasMaxLength(64);
            e.Property(x => x.Attempts).IsConcurrencyToken();
            e.Ignore(x => x.RequestedProjects);
            e.Ignore(x => x.ProjectsToWalk);
            e.Ignore(x => x.SourceKey);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.Status, x.Id });
            e.HasIndex(x => new { x.OrganizationId, x.Id });
        });
        model.Entity<ImportMapping>(e =>
        {
            e.ToTable("import_mappings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Source).HasMaxLength(600);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.SentryId).HasMaxLength(100);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganizationId, x.Source, x.Kind, x.SentryId }).IsUnique();
        });
    }
}
