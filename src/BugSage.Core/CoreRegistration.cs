using BugSage.Core.Accounts;
using BugSage.Core.Alerts;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Documents;
using BugSage.Core.Imports;
using BugSage.Core.IssueTrackers;
using BugSage.Core.Ingestion;
using BugSage.Core.Outbound;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Processing.Inbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core;

/// <summary>Registers storage, the inbox, the digest pipeline and ingestion services.</summary>
public static class CoreRegistration
{
    public static IServiceCollection AddBugSageCore(this IServiceCollection services)
    {
        services.AddOptions<BugSageOptions>().BindConfiguration(BugSageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.MaxEventBytes <= o.MaxEnvelopeBytes, "MaxEventBytes must not exceed MaxEnvelopeBytes.")
            .Validate(o => o.MaxInFlightBodyBytes >= o.MaxEnvelopeBytes, "MaxInFlightBodyBytes must be at least MaxEnvelopeBytes.")
            .ValidateOnStart();
        services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section)
            .Validate(o => string.IsNullOrEmpty(o.AdminPassword) || o.AdminPassword.Length >= PasswordPolicy.MinimumLength, $"Bootstrap:AdminPassword must be at least {PasswordPolicy.MinimumLength} characters.")
            .ValidateOnStart();
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section);
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section);
        services.AddOptions<Analysis.Source.RepositoryRootsOptions>().BindConfiguration(Analysis.Source.RepositoryRootsOptions.Section);
        services.AddSingleton<Analysis.Source.ServerPathPolicy>();
        services.AddBugSageStorage();
        services.AddSingleton<Data.Backups.DataBackup>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<FirstStartBootstrapper>();

        services.AddSingleton<BugSageMetrics>();
        services.AddSingleton<Observability.AcceptedTraces>();
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<Processing.Supervision.WorkerHealth>();
        services.AddSingleton<Processing.Supervision.WorkerServices>();
        services.AddSingleton<InboxLog>();
        // Cluster mode with RabbitMQ registers its queue after this one; whichever is last is the one ingestion and the digest use.
        services.AddSingleton<LocalInboxQueue>();
        services.AddSingleton<IEnvelopeQueue>(sp => sp.GetRequiredService<LocalInboxQueue>());
        services.AddSingleton<LiveNotifier>();
        services.AddScoped<EnvelopeDigester>();
        services.AddSingleton<SourceMaps.SourceMapLookup>();
        services.AddScoped<SourceMaps.Storage.ArtifactStore>();
        services.AddOptions<SourceMaps.Storage.SourceMapsOptions>().BindConfiguration(SourceMaps.Storage.SourceMapsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SourceMaps.Storage.ArtifactRetention>();
        services.AddScoped<Issues.IssueTriage>();
        // One per process: it remembers the names recently folded past the rollup caps.
        services.AddSingleton<Analytics.RollupDimensions>();
        services.AddScoped<Analytics.RollupRebuilder>();
        services.AddScoped<Issues.IssueMerger>();
        services.AddScoped<SourceMaps.Reprocessing.EventReprocessor>();
        services.AddSingleton<DigestConnection>();
        services.AddSingleton<DigestWorker>();

        // Hot reads (DSN keys, API tokens, stats, issue lists) go through one HybridCache; each read sets its own lifetimes.
        services.AddHybridCache();
        services.AddSingleton<Caching.MeteredCache>();
        services.AddSingleton<Caching.IssueListChanges>();
        services.AddSingleton<ProjectKeyCache>();
        services.AddSingleton<KeyRateLimiter>();
        services.AddSingleton<DiskSpaceGuard>();

        // Order matters: the database and inbox are ready before the worker starts.
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        services.AddHostedService(sp => sp.GetRequiredService<DigestWorker>());
        services.AddHostedService<SqliteCheckpointer>();
        services.AddOutboundPolicy();
        // Each model applies its own configured timeout (up to ten minutes), not the client's default 100 seconds.
        services.AddHttpClient("models", client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<Analysis.Chat.OrganizationChatClients>();
        services.AddSingleton<Analysis.Chat.IChatModels, Analysis.Chat.OrganizationChatModels>();
        services.AddOptions<Autofix.Candidates.Agent.FixAgentOptions>().BindConfiguration(Autofix.Candidates.Agent.FixAgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Autofix.Sessions.GitHubOptions>().BindConfiguration(Autofix.Sessions.GitHubOptions.Section);
        services.AddSingleton<Autofix.Sessions.PullRequestOpener>();
        services.AddSingleton<Autofix.Sessions.FixDelivery>();
        services.AddSingleton<Analysis.Source.RemoteGit>();
        services.AddOptions<Autofix.Restore.RestoreOptions>().BindConfiguration(Autofix.Restore.RestoreOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RegistriesAreHostNames(), "BugSage:Autofix:Restore:Registries holds host names or host:port, never IP addresses or URLs.")
            .ValidateOnStart();
        services.AddSingleton<Autofix.Restore.PackageCaches>();
        services.AddSingleton<Analysis.Source.SourceResolver>();
        services.AddSingleton<Analysis.AnalysisWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Analysis.AnalysisWorker>());
        services.AddSingleton<Autofix.Sessions.FixSessionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Autofix.Sessions.FixSessionWorker>());
        services.AddSingleton<Analysis.AutoAnalysis>();
        services.AddHostedService(sp => sp.GetRequiredService<Analysis.AutoAnalysis>());
        services.AddSingleton<SourceMaps.Reprocessing.ReprocessWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SourceMaps.Reprocessing.ReprocessWorker>());
        services.AddBugSageAlerts();
        services.AddSentryImport();
        services.AddDocuments();
        services.AddBugSageIssueTrackers();
        services.AddSingleton<Issues.IssueAging>();
        services.AddHostedService(sp => sp.GetRequiredService<Issues.IssueAging>());
        services.AddOptions<Retention.RetentionOptions>().BindConfiguration(Retention.RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Retention.EventPurger>();
        services.AddHostedService(sp => sp.GetRequiredService<Retention.EventPurger>());
        return services;
    }
}
