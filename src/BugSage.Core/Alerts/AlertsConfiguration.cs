using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Alerts;

/// <summary>EF configuration of the alert tables (created by M0017_Alerts; digests and personal settings by M0021_AlertDigests).</summary>
internal static class AlertsConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<AlertRule>(e =>
        {
            e.ToTable("alert_rules");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Trigger).HasMaxLength(32);
            e.Property(x => x.LastFiredReason).HasMaxLength(500);
            e.Property(x => x.CreatedBy).HasMaxLength(320);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ProjectId, x.Id });
        });
        model.Entity<AlertIntegration>(e =>
        {
            e.ToTable("alert_integrations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.UrlHost).HasMaxLength(255);
            e.Property(x => x.Recipients).HasMaxLength(2000);
            e.Property(x => x.PausedReason).HasMaxLength(500);
            e.Property(x => x.SlackChannel).HasMaxLength(100);
            e.Ignore(x => x.IsSlackBot);
            e.Property(x => x.TrackerSettings).HasMaxLength(4000);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ProjectId, x.Id });
        });
        model.Entity<AlertFiring>(e =>
        {
            e.ToTable("alert_firings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Trigger).HasMaxLength(32);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            // Throttling reads a rule's firings of the last hour, and one issue's latest.
            e.HasIndex(x => new { x.RuleId, x.IssueId, x.FiredAt });
            e.HasIndex(x => new { x.RuleId, x.FiredAt });
            // A digest delivery reads its window's firings (M0021).
            e.HasIndex(x => new { x.RuleId, x.DigestUntil });
        });
        model.Entity<AlertDelivery>(e =>
        {
            e.ToTable("alert_deliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Recipient).HasMaxLength(320);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.Property(x => x.LeaseOwner).HasMaxLength(64);
            e.Property(x => x.Attempts).IsConcurrencyToken();
            e.HasOne(x => x.Firing).WithMany().HasForeignKey(x => x.FiringId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => new { x.ProjectId, x.Id });
            e.HasIndex(x => new { x.RuleId, x.Id });
            e.HasIndex(x => new { x.IntegrationId, x.Id });
            // Digest mode: the rule's delivery still gathering the current window (M0021).
            e.HasIndex(x => new { x.RuleId, x.DigestUntil });
        });
        model.Entity<DeliveryAttempt>(e =>
        {
            e.ToTable("alert_delivery_attempts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Error).HasMaxLength(1000);
            e.HasOne<AlertDelivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.DeliveryId, x.Number });
        });
        model.Entity<Personal.NotificationSettings>(e =>
        {
            e.ToTable("notification_settings");
            e.HasKey(x => x.UserId);
            e.Property(x => x.UserId).ValueGeneratedNever();
            e.Property(x => x.MutedProjects).HasMaxLength(4000);
            e.Property(x => x.MutedTriggers).HasMaxLength(1000);
            e.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Personal.WeeklySummary>(e =>
        {
            e.ToTable("weekly_summaries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Error).HasMaxLength(1000);
            e.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            // One summary per person per week, whichever node writes it first.
            e.HasIndex(x => new { x.UserId, x.WeekStart }).IsUnique();
        });
    }
}
