using BugSage.Core.Accounts;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Projects;

internal static class ProjectsConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Project>(e =>
        {
            e.ToTable("projects");
            e.Property(x => x.Slug).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Platform).HasMaxLength(64);
            // Advanced only by IssueFactory.ReserveAsync's atomic update: a value tracked here may be stale, never written back.
            e.Property(x => x.NextIssueNumber).Metadata.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
            e.HasIndex(x => new { x.OrganizationId, x.Slug }).IsUnique();
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ProjectKey>(e =>
        {
            e.ToTable("project_keys");
            e.Property(x => x.PublicKey).HasMaxLength(64);
            e.Property(x => x.Label).HasMaxLength(200);
            e.HasIndex(x => x.PublicKey).IsUnique();
            e.HasIndex(x => x.ProjectId);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
