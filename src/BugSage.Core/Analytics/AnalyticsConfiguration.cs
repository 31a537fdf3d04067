using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Analytics;

/// <summary>The rollup tables; they go with their project.</summary>
internal static class AnalyticsConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<EventHour>(e =>
        {
            e.ToTable("analytics_event_hours");
            e.HasKey(x => new { x.ProjectId, x.Hour, x.Environment, x.Release });
            e.Property(x => x.Environment).HasMaxLength(64);
            e.Property(x => x.Release).HasMaxLength(250);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<EventDay>(e =>
        {
            e.ToTable("analytics_event_days");
            e.HasKey(x => new { x.ProjectId, x.Day, x.Environment, x.Release });
            e.Property(x => x.Environment).HasMaxLength(64);
            e.Property(x => x.Release).HasMaxLength(250);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ReleaseEventDay>(e =>
        {
            e.ToTable("analytics_release_event_days");
            e.HasKey(x => new { x.ProjectId, x.Day, x.Release });
            e.Property(x => x.Release).HasMaxLength(250);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        foreach (var (entity, table) in new[] { (typeof(ProjectEventHour), "analytics_project_event_hours"), (typeof(ProjectIssueHour), "analytics_project_issue_hours"),
                     (typeof(ProjectUserSketchHour), "analytics_project_user_sketch_hours") })
        {
            var e = model.Entity(entity);
            e.ToTable(table);
            e.HasKey(nameof(ProjectEventHour.ProjectId), nameof(ProjectEventHour.Hour));
            e.HasOne(typeof(Projects.Project)).WithMany().HasForeignKey(nameof(ProjectEventHour.ProjectId)).OnDelete(DeleteBehavior.Cascade);
        }
        foreach (var (entity, table) in new[] { (typeof(ProjectEventDay), "analytics_project_event_days"), (typeof(ProjectLifecycleDay), "analytics_project_lifecycle_days") })
        {
            var e = model.Entity(entity);
            e.ToTable(table);
            e.HasKey(nameof(ProjectEventDay.ProjectId), nameof(ProjectEventDay.Day));
            e.HasOne(typeof(Projects.Project)).WithMany().HasForeignKey(nameof(ProjectEventDay.ProjectId)).OnDelete(DeleteBehavior.Cascade);
        }
        model.Entity<ProjectUserSketchDay>(e =>
        {
            e.ToTable("analytics_project_user_sketch_days");
            e.HasKey(x => new { x.ProjectId, x.Day });
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SessionHour>(e => DimensionKeyed(e, "analytics_session_hours", x => new { x.ProjectId, x.Hour, x.Environment, x.Release }));
        model.Entity<SessionDay>(e => DimensionKeyed(e, "analytics_session_days", x => new { x.ProjectId, x.Day, x.Environment, x.Release }));
        model.Entity<SessionUserHour>(e => DimensionKeyed(e, "analytics_session_user_hours", x => new { x.ProjectId, x.Hour, x.Environment, x.Release }));
        model.Entity<SessionUserDay>(e => DimensionKeyed(e, "analytics_session_user_days", x => new { x.ProjectId, x.Day, x.Environment, x.Release }));
        model.Entity<UserSketchHour>(e =>
        {
            e.ToTable("analytics_user_sketch_hours");
            e.HasKey(x => new { x.ProjectId, x.Hour, x.Environment, x.Release });
            e.Property(x => x.Environment).HasMaxLength(64);
            e.Property(x => x.Release).HasMaxLength(250);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<UserSketchDay>(e =>
        {
            e.ToTable("analytics_user_sketch_days");
            e.HasKey(x => new { x.ProjectId, x.Day, x.Environment, x.Release });
            e.Property(x => x.Environment).HasMaxLength(64);
            e.Property(x => x.Release).HasMaxLength(250);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        foreach (var (entity, table, time) in new[]
                 {
                     (typeof(EnvironmentUserSketchHour), "analytics_environment_user_sketch_hours", nameof(EnvironmentUserSketchHour.Hour)),
                     (typeof(EnvironmentUserSketchDay), "analytics_environment_user_sketch_days", nameof(EnvironmentUserSketchDay.Day)),
                 })
        {
            var e = model.Entity(entity);
            e.ToTable(table);
            e.HasKey(nameof(EnvironmentUserSketchDay.ProjectId), time, nameof(EnvironmentUserSketchDay.Environment));
            e.Property(nameof(EnvironmentUserSketchDay.Environment)).HasMaxLength(64);
            e.HasOne(typeof(Projects.Project)).WithMany().HasForeignKey(nameof(EnvironmentUserSketchDay.ProjectId)).OnDelete(DeleteBehavior.Cascade);
        }
        model.Entity<RollupDimension>(e =>
        {
            e.ToTable("analytics_dimensions");
            e.HasKey(x => new { x.ProjectId, x.Kind, x.Value });
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Value).HasMaxLength(250);
            e.HasIndex(x => new { x.ProjectId, x.Kind, x.LastSeen });
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueHour>(e =>
        {
            e.ToTable("analytics_issue_hours");
            e.HasKey(x => new { x.ProjectId, x.Hour, x.Release });
            e.Property(x => x.Release).HasMaxLength(250);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueLifecycleDay>(e =>
        {
            e.ToTable("analytics_issue_lifecycle_days");
            e.HasKey(x => new { x.ProjectId, x.Day, x.Release });
            e.Property(x => x.Release).HasMaxLength(250);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueTimeHour>(e =>
        {
            e.ToTable("analytics_issue_times");
            e.HasKey(x => new { x.ProjectId, x.Hour });
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ReleaseEventWeek>(e =>
        {
            e.ToTable("analytics_release_event_weeks");
            e.HasKey(x => new { x.ProjectId, x.Week, x.Release });
            e.Property(x => x.Release).HasMaxLength(250);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueLifecycleWeek>(e =>
        {
            e.ToTable("analytics_issue_lifecycle_weeks");
            e.HasKey(x => new { x.ProjectId, x.Week, x.Release });
            e.Property(x => x.Release).HasMaxLength(250);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueTimeBucketWeek>(e =>
        {
            e.ToTable("analytics_issue_time_bucket_weeks");
            e.HasKey(x => new { x.ProjectId, x.Week, x.Kind, x.Bucket });
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueTimeDay>(e =>
        {
            e.ToTable("analytics_issue_time_days");
            e.HasKey(x => new { x.ProjectId, x.Day });
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueDay>(e =>
        {
            e.ToTable("analytics_issue_days");
            e.HasKey(x => new { x.IssueId, x.Day });
            // Each day's busiest issues first, smaller ids first on ties: the order top recurring reads (M0051_IssueDayRankIndex).
            e.HasIndex(x => new { x.ProjectId, x.Day, x.Events, x.IssueId }).IsDescending(false, false, true, false);
            // The same order over all of an organization's projects: its answer's lists (M0061_IssueDayOrganizations).
            e.HasIndex(x => new { x.OrganizationId, x.Day, x.Events, x.IssueId }).IsDescending(false, false, true, false);
            // Each issue's days with their events, read without the table: top recurring's exact counts (M0057_IssueDayTotalsIndex).
            e.HasIndex(x => new { x.IssueId, x.Day, x.Events });
            e.HasOne<Issues.Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueWeek>(e =>
        {
            e.ToTable("analytics_issue_weeks");
            e.HasKey(x => new { x.IssueId, x.Week });
            // Each week's busiest issues first, smaller ids first on ties, as the day rows (M0065_IssueWeeks); the project
            // last, so an organization's lists are read from the index alone.
            e.HasIndex(x => new { x.ProjectId, x.Week, x.Events, x.IssueId }).IsDescending(false, false, true, false);
            e.HasIndex(x => new { x.OrganizationId, x.Week, x.Events, x.IssueId, x.ProjectId }, "ix_analytics_issue_weeks_organization_id_week_events")
                .IsDescending(false, false, true, false, false);
            e.HasOne<Issues.Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueTimeBucket>(e =>
        {
            e.ToTable("analytics_issue_time_buckets");
            e.HasKey(x => new { x.ProjectId, x.Hour, x.Kind, x.Bucket });
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueTimeBucketDay>(e =>
        {
            e.ToTable("analytics_issue_time_bucket_days");
            e.HasKey(x => new { x.ProjectId, x.Day, x.Kind, x.Bucket });
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void DimensionKeyed<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e, string table,
        System.Linq.Expressions.Expression<Func<T, object?>> key) where T : class
    {
        e.ToTable(table);
        e.HasKey(key);
        e.Property<string>("Environment").HasMaxLength(64);
        e.Property<string>("Release").HasMaxLength(250);
        e.HasOne<Projects.Project>().WithMany().HasForeignKey("ProjectId").OnDelete(DeleteBehavior.Cascade);
    }
}
