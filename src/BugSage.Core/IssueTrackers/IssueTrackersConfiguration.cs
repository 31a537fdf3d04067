using BugSage.Core.Alerts;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.IssueTrackers;

/// <summary>EF configuration of the tracker links, their sync outbox and seen webhook deliveries (created by M0022_IssueTrackers).</summary>
internal static class IssueTrackersConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<ExternalIssue>(e =>
        {
            e.ToTable("external_issues");
            e.HasKey(x => x.Id);
            e.Property(x => x.Provider).HasMaxLength(16);
            e.Property(x => x.ExternalKey).HasMaxLength(100);
            e.Property(x => x.Url).HasMaxLength(1000);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasMaxLength(320);
            e.HasOne<Issues.Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AlertIntegration>().WithMany().HasForeignKey(x => x.IntegrationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.IssueId, x.IntegrationId }).IsUnique();
            // A webhook names the tracker's issue; this finds its link.
            e.HasIndex(x => new { x.IntegrationId, x.ExternalKey });
        });
        model.Entity<ExternalIssueSync>(e =>
        {
            e.ToTable("external_issue_syncs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Action).HasMaxLength(16);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.Property(x => x.LeaseOwner).HasMaxLength(64);
            e.Property(x => x.Attempts).IsConcurrencyToken();
            e.HasOne<ExternalIssue>().WithMany().HasForeignKey(x => x.ExternalIssueId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.ExternalIssueId);
        });
        model.Entity<TrackerWebhookDelivery>(e =>
        {
            e.ToTable("tracker_webhook_deliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.DeliveryId).HasMaxLength(100);
            e.HasOne<AlertIntegration>().WithMany().HasForeignKey(x => x.IntegrationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.IntegrationId, x.DeliveryId }).IsUnique();
            e.HasIndex(x => x.ReceivedAt);
        });
    }
}
