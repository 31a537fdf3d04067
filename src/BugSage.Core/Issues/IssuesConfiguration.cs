using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Issues;

internal static class IssuesConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Issue>(e =>
        {
            e.ToTable("issues");
            e.Property(x => x.Title).HasMaxLength(1024);
            e.Property(x => x.Culprit).HasMaxLength(512);
            e.Property(x => x.Level).HasMaxLength(16);
            e.Property(x => x.Platform).HasMaxLength(64);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Substatus).HasMaxLength(32);
            e.Property(x => x.FirstRelease).HasMaxLength(250);
            e.Property(x => x.LastRelease).HasMaxLength(250);
            e.Property(x => x.ResolvedInRelease).HasMaxLength(250);
            e.HasIndex(x => new { x.ProjectId, x.ShortNumber }).IsUnique();
            // The list sorts, each ending in the id that breaks ties, so that the index gives a page's exact order
            // (key, then id, descending) and a read stops after one page (M0047_IssueSortTies).
            e.HasIndex(x => new { x.ProjectId, x.Status, x.LastSeen, x.Id });
            e.HasIndex(x => new { x.ProjectId, x.LastSeen, x.Id });
            e.HasIndex(x => new { x.ProjectId, x.FirstSeen, x.Id });
            e.HasIndex(x => new { x.ProjectId, x.Count, x.Id });
            e.HasIndex(x => new { x.ProjectId, x.UserCount, x.Id });
            // Analytics: the issues resolved in a range, for time to resolve.
            e.HasIndex(x => new { x.ProjectId, x.ResolvedAt });
            // Analytics: top new issues read the ten largest counts of a range from the index alone.
            e.HasIndex(x => new { x.ProjectId, x.FirstSeen, x.Count, x.Id });
            // Analytics: an exact median time to triage reads only the triaged issues first seen in a range.
            e.HasIndex(x => new { x.ProjectId, x.FirstSeen }, "ix_issues_project_id_first_seen_triaged").HasFilter("first_triaged_at IS NOT NULL");
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueHash>(e =>
        {
            e.ToTable("issue_hashes");
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => new { x.ProjectId, x.Hash }).IsUnique();
            e.HasIndex(x => x.IssueId);
            e.HasOne<Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueTag>(e =>
        {
            e.ToTable("issue_tags");
            e.HasKey(x => new { x.IssueId, x.Key, x.Value });
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.Value).HasMaxLength(200);
            // Issue lists filtered by a tag value: from the value to its issues (M0046_IssueTagLookup).
            e.HasIndex(x => new { x.Key, x.Value, x.IssueId });
            e.HasOne<Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueUser>(e =>
        {
            e.ToTable("issue_users");
            e.HasKey(x => new { x.IssueId, x.UserKey });
            e.Property(x => x.UserKey).HasMaxLength(200);
            e.HasOne<Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueActivity>(e =>
        {
            e.ToTable("issue_activities");
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Actor).HasMaxLength(320);
            e.HasIndex(x => new { x.IssueId, x.CreatedAt });
            e.HasOne<Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueHourlyCount>(e =>
        {
            e.ToTable("issue_hourly_counts");
            e.HasKey(x => new { x.IssueId, x.Hour });
            e.HasIndex(x => new { x.Hour, x.IssueId });
            e.HasOne<Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueFeature>(e =>
        {
            e.ToTable("issue_features");
            e.HasKey(x => new { x.IssueId, x.Feature });
            e.Property(x => x.Feature).HasMaxLength(200);
            e.HasIndex(x => new { x.ProjectId, x.Feature });
            e.HasOne<Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<DiscardedHash>(e =>
        {
            e.ToTable("discarded_hashes");
            e.HasKey(x => new { x.ProjectId, x.Hash });
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Release>(e =>
        {
            e.ToTable("releases");
            e.Property(x => x.Version).HasMaxLength(250);
            e.Property(x => x.Url).HasMaxLength(1000);
            e.Property(x => x.Status).HasMaxLength(16).HasDefaultValue("open");
            e.HasIndex(x => new { x.ProjectId, x.Version }).IsUnique();
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
