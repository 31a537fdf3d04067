using BugSage.Core.Accounts;
using BugSage.Core.Events;
using BugSage.Core.Issues;
using BugSage.Core.Processing;
using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Data;

/// <summary>The one database context; each feature configures its own tables.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectKey> ProjectKeys => Set<ProjectKey>();
    public DbSet<Issue> Issues => Set<Issue>();
    public DbSet<IssueHash> IssueHashes => Set<IssueHash>();
    public DbSet<IssueTag> IssueTags => Set<IssueTag>();
    public DbSet<IssueUser> IssueUsers => Set<IssueUser>();
    public DbSet<Release> Releases => Set<Release>();
    public DbSet<IssueActivity> IssueActivities => Set<IssueActivity>();
    public DbSet<DiscardedHash> DiscardedHashes => Set<DiscardedHash>();
    public DbSet<IssueHourlyCount> IssueHourlyCounts => Set<IssueHourlyCount>();
    public DbSet<IssueFeature> IssueFeatures => Set<IssueFeature>();
    public DbSet<StoredEvent> Events => Set<StoredEvent>();
    public DbSet<EventAttachment> Attachments => Set<EventAttachment>();
    public DbSet<UserReport> UserReports => Set<UserReport>();
    public DbSet<ItemOutcome> ItemOutcomes => Set<ItemOutcome>();
    public DbSet<InboxCheckpoint> InboxCheckpoints => Set<InboxCheckpoint>();
    public DbSet<DigestedMessage> DigestedMessages => Set<DigestedMessage>();
    public DbSet<ServerSetting> ServerSettings => Set<ServerSetting>();
    public DbSet<Analysis.IssueAnalysis> IssueAnalyses => Set<Analysis.IssueAnalysis>();
    public DbSet<Analysis.StoredAutofixPolicy> AutofixPolicies => Set<Analysis.StoredAutofixPolicy>();
    public DbSet<Analysis.Chat.AiModel> AiModels => Set<Analysis.Chat.AiModel>();
    public DbSet<Analysis.Chat.ModelCall> ModelCalls => Set<Analysis.Chat.ModelCall>();
    public DbSet<Analysis.Source.LinkedRepository> Repositories => Set<Analysis.Source.LinkedRepository>();
    public DbSet<Autofix.Sessions.FixSession> FixSessions => Set<Autofix.Sessions.FixSession>();
    public DbSet<Autofix.Sessions.GitHubDelivery> GitHubDeliveries => Set<Autofix.Sessions.GitHubDelivery>();
    public DbSet<Processing.Quarantine.QuarantinedEnvelope> QuarantinedEnvelopes => Set<Processing.Quarantine.QuarantinedEnvelope>();
    public DbSet<Alerts.AlertRule> AlertRules => Set<Alerts.AlertRule>();
    public DbSet<Alerts.AlertIntegration> AlertIntegrations => Set<Alerts.AlertIntegration>();
    public DbSet<Alerts.AlertFiring> AlertFirings => Set<Alerts.AlertFiring>();
    public DbSet<Alerts.AlertDelivery> AlertDeliveries => Set<Alerts.AlertDelivery>();
    public DbSet<Alerts.DeliveryAttempt> DeliveryAttempts => Set<Alerts.DeliveryAttempt>();
    public DbSet<Alerts.Personal.NotificationSettings> NotificationSettings => Set<Alerts.Personal.NotificationSettings>();
    public DbSet<Alerts.Personal.WeeklySummary> WeeklySummaries => Set<Alerts.Personal.WeeklySummary>();
    public DbSet<SourceMaps.Storage.ArtifactBundle> ArtifactBundles => Set<SourceMaps.Storage.ArtifactBundle>();
    public DbSet<SourceMaps.Storage.ArtifactFile> ArtifactFiles => Set<SourceMaps.Storage.ArtifactFile>();
    public DbSet<SourceMaps.Storage.ArtifactBlob> ArtifactBlobs => Set<SourceMaps.Storage.ArtifactBlob>();
    public DbSet<SourceMaps.Storage.UploadChunk> UploadChunks => Set<SourceMaps.Storage.UploadChunk>();
    public DbSet<Core.Releases.ReleaseCommit> ReleaseCommits => Set<Core.Releases.ReleaseCommit>();
    public DbSet<Core.Releases.Deploy> Deploys => Set<Core.Releases.Deploy>();
    public DbSet<SourceMaps.Reprocessing.ReprocessJob> ReprocessJobs => Set<SourceMaps.Reprocessing.ReprocessJob>();
    public DbSet<Imports.SentryImportJob> SentryImportJobs => Set<Imports.SentryImportJob>();
    public DbSet<Imports.ImportMapping> ImportMappings => Set<Imports.ImportMapping>();
    public DbSet<IssueTrackers.ExternalIssue> ExternalIssues => Set<IssueTrackers.ExternalIssue>();
    public DbSet<IssueTrackers.ExternalIssueSync> ExternalIssueSyncs => Set<IssueTrackers.ExternalIssueSync>();
    public DbSet<IssueTrackers.TrackerWebhookDelivery> TrackerWebhookDeliveries => Set<IssueTrackers.TrackerWebhookDelivery>();
    public DbSet<Assistant.Conversation> Conversations => Set<Assistant.Conversation>();
    public DbSet<Assistant.ConversationMessage> ConversationMessages => Set<Assistant.ConversationMessage>();
    public DbSet<Assistant.AskedQuestion> AskedQuestions => Set<Assistant.AskedQuestion>();
    public DbSet<Core.Documents.Document> Documents => Set<Core.Documents.Document>();
    public DbSet<Core.Documents.DocumentJob> DocumentJobs => Set<Core.Documents.DocumentJob>();
    public DbSet<Core.Documents.DocumentChunk> DocumentChunks => Set<Core.Documents.DocumentChunk>();
    public DbSet<AgentTasks.AgentTaskUpdate> AgentTaskUpdates => Set<AgentTasks.AgentTaskUpdate>();
    public DbSet<Analytics.EventHour> EventHours => Set<Analytics.EventHour>();
    public DbSet<Analytics.EventDay> EventDays => Set<Analytics.EventDay>();
    public DbSet<Analytics.UserSketchHour> UserSketchHours => Set<Analytics.UserSketchHour>();
    public DbSet<Analytics.UserSketchDay> UserSketchDays => Set<Analytics.UserSketchDay>();
    public DbSet<Analytics.ProjectEventHour> ProjectEventHours => Set<Analytics.ProjectEventHour>();
    public DbSet<Analytics.ProjectIssueHour> ProjectIssueHours => Set<Analytics.ProjectIssueHour>();
    public DbSet<Analytics.ProjectEventDay> ProjectEventDays => Set<Analytics.ProjectEventDay>();
    public DbSet<Analytics.ReleaseEventDay> ReleaseEventDays => Set<Analytics.ReleaseEventDay>();
    public DbSet<Analytics.ProjectLifecycleDay> ProjectLifecycleDays => Set<Analytics.ProjectLifecycleDay>();
    public DbSet<Analytics.ProjectUserSketchHour> ProjectUserSketchHours => Set<Analytics.ProjectUserSketchHour>();
    public DbSet<Analytics.ProjectUserSketchDay> ProjectUserSketchDays => Set<Analytics.ProjectUserSketchDay>();
    public DbSet<Analytics.EnvironmentUserSketchHour> EnvironmentUserSketchHours => Set<Analytics.EnvironmentUserSketchHour>();
    public DbSet<Analytics.EnvironmentUserSketchDay> EnvironmentUserSketchDays => Set<Analytics.EnvironmentUserSketchDay>();
    public DbSet<Analytics.SessionHour> SessionHours => Set<Analytics.SessionHour>();
    public DbSet<Analytics.SessionDay> SessionDays => Set<Analytics.SessionDay>();
    public DbSet<Analytics.SessionUserHour> SessionUserHours => Set<Analytics.SessionUserHour>();
    public DbSet<Analytics.SessionUserDay> SessionUserDays => Set<Analytics.SessionUserDay>();
    public DbSet<Analytics.RollupDimension> RollupDimensions => Set<Analytics.RollupDimension>();
    public DbSet<Analytics.IssueHour> IssueHours => Set<Analytics.IssueHour>();
    public DbSet<Analytics.IssueLifecycleDay> IssueLifecycleDays => Set<Analytics.IssueLifecycleDay>();
    public DbSet<Analytics.IssueTimeHour> IssueTimeHours => Set<Analytics.IssueTimeHour>();
    public DbSet<Analytics.IssueTimeDay> IssueTimeDays => Set<Analytics.IssueTimeDay>();
    public DbSet<Analytics.ReleaseEventWeek> ReleaseEventWeeks => Set<Analytics.ReleaseEventWeek>();
    public DbSet<Analytics.IssueLifecycleWeek> IssueLifecycleWeeks => Set<Analytics.IssueLifecycleWeek>();
    public DbSet<Analytics.IssueTimeBucketWeek> IssueTimeBucketWeeks => Set<Analytics.IssueTimeBucketWeek>();
    public DbSet<Analytics.IssueTimeBucket> IssueTimeBuckets => Set<Analytics.IssueTimeBucket>();
    public DbSet<Analytics.IssueTimeBucketDay> IssueTimeBucketDays => Set<Analytics.IssueTimeBucketDay>();
    public DbSet<Analytics.IssueDay> IssueDays => Set<Analytics.IssueDay>();
    public DbSet<Analytics.IssueWeek> IssueWeeks => Set<Analytics.IssueWeek>();
    public DbSet<Cluster.ClusterLease> ClusterLeases => Set<Cluster.ClusterLease>();
    public DbSet<Reports.ReportJob> ReportJobs => Set<Reports.ReportJob>();
    public DbSet<Reports.ReportSchedule> ReportSchedules => Set<Reports.ReportSchedule>();
    public DbSet<Reports.ReportScheduleRun> ReportScheduleRuns => Set<Reports.ReportScheduleRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        AccountsConfiguration.Configure(modelBuilder);
        ProjectsConfiguration.Configure(modelBuilder);
        IssuesConfiguration.Configure(modelBuilder);
        EventsConfiguration.Configure(modelBuilder);
        Analysis.AnalysisConfiguration.Configure(modelBuilder);
        Alerts.AlertsConfiguration.Configure(modelBuilder);
        SourceMaps.Storage.SourceMapsConfiguration.Configure(modelBuilder);
        Core.Releases.ReleasesConfiguration.Configure(modelBuilder);
        SourceMaps.Reprocessing.ReprocessConfiguration.Configure(modelBuilder);
        Imports.ImportsConfiguration.Configure(modelBuilder);
        IssueTrackers.IssueTrackersConfiguration.Configure(modelBuilder);
        Assistant.AssistantConfiguration.Configure(modelBuilder);
        Core.Documents.DocumentsConfiguration.Configure(modelBuilder);
        AgentTasks.AgentTasksConfiguration.Configure(modelBuilder);
        Analytics.AnalyticsConfiguration.Configure(modelBuilder);
        Reports.ReportsConfiguration.Configure(modelBuilder);
        modelBuilder.Entity<InboxCheckpoint>(e =>
        {
            e.ToTable("inbox_checkpoints");
            e.HasKey(x => x.NodeId);
            e.Property(x => x.NodeId).HasMaxLength(64);
        });
        modelBuilder.Entity<DigestedMessage>(e =>
        {
            e.ToTable("digested_messages");
            e.HasKey(x => x.MessageId);
            e.Property(x => x.MessageId).HasMaxLength(64);
            e.HasIndex(x => x.DigestedAt);
        });
        modelBuilder.Entity<Processing.Quarantine.QuarantinedEnvelope>(e =>
        {
            e.ToTable("quarantined_envelopes");
            e.HasKey(x => x.Id);
            e.Property(x => x.NodeId).HasMaxLength(64);
            e.Property(x => x.InboxPosition).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(2000);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ProjectId, x.Id });
        });
        modelBuilder.Entity<Cluster.ClusterLease>(e =>
        {
            e.ToTable("cluster_leases");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Holder).HasMaxLength(64);
        });
        modelBuilder.Entity<ServerSetting>(e =>
        {
            e.ToTable("server_settings");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(100);
        });
        UseSnakeCaseColumns(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTimes back unspecified; everything BugSage stores is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <summary>Plain lower-case names keep hand-written SQL the same on SQLite and PostgreSQL.</summary>
    private static void UseSnakeCaseColumns(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase.From(property.Name));
            foreach (var key in entity.GetKeys())
                key.SetName($"pk_{entity.GetTableName()}" + (key.IsPrimaryKey() ? "" : "_" + string.Join("_", key.Properties.Select(p => SnakeCase.From(p.Name)))));
            foreach (var fk in entity.GetForeignKeys())
                fk.SetConstraintName($"fk_{entity.GetTableName()}_{fk.PrincipalEntityType.GetTableName()}_{string.Join("_", fk.Properties.Select(p => SnakeCase.From(p.Name)))}");
            // A named index keeps its name: a partial index may share its columns with a full one.
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(index.Name ?? $"ix_{entity.GetTableName()}_{string.Join("_", index.Properties.Select(p => SnakeCase.From(p.Name)))}");
        }
    }
}
