using BugSage.Core.Issues;
using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Events;

internal static class EventsConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<StoredEvent>(e =>
        {
            e.ToTable("events");
            e.Property(x => x.EventId).HasMaxLength(32);
            e.Property(x => x.Level).HasMaxLength(16);
            e.Property(x => x.Release).HasMaxLength(250);
            e.Property(x => x.Environment).HasMaxLength(64);
            e.Property(x => x.Message).HasMaxLength(1024);
            e.Property(x => x.UserKey).HasMaxLength(200);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => new { x.ProjectId, x.EventId }).IsUnique();
            e.HasIndex(x => new { x.IssueId, x.Timestamp });
            // A release's events newest first (reprocessing, M0020); also events per release (the releases page) and release: filters.
            e.HasIndex(x => new { x.ProjectId, x.Release, x.Id });
            // The retention purge finds a project's expired events oldest first (M0028).
            e.HasIndex(x => new { x.ProjectId, x.ReceivedAt });
            e.HasOne<Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<EventAttachment>(e =>
        {
            e.ToTable("event_attachments");
            e.Property(x => x.EventId).HasMaxLength(32);
            e.Property(x => x.Filename).HasMaxLength(500);
            e.Property(x => x.ContentType).HasMaxLength(200);
            e.Property(x => x.AttachmentType).HasMaxLength(64);
            e.HasIndex(x => new { x.ProjectId, x.EventId });
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<UserReport>(e =>
        {
            e.ToTable("user_reports");
            e.Property(x => x.EventId).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.Comments).HasMaxLength(8192);
            e.HasIndex(x => new { x.ProjectId, x.EventId });
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ItemOutcome>(e =>
        {
            e.ToTable("item_outcomes");
            e.HasKey(x => new { x.ProjectId, x.Outcome, x.Category, x.Reason });
            e.Property(x => x.Outcome).HasMaxLength(32);
            e.Property(x => x.Category).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(128);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
