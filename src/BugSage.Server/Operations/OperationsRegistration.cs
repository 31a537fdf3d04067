using BugSage.Server.AiModels;
using BugSage.Server.Analyses;
using BugSage.Server.AutofixPolicies;
using BugSage.Server.FixSessions;
using BugSage.Server.Issues;
using BugSage.Server.Organizations;
using BugSage.Server.OrganizationStats;
using BugSage.Server.Projects;
using BugSage.Server.Quarantine;
using BugSage.Server.Repositories;
using BugSage.Server.ServerAdmins;
using BugSage.Server.Tokens;

namespace BugSage.Server.Operations;

/// <summary>The access gate and the operations every surface calls, one scoped instance per request.</summary>
public static class OperationsRegistration
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ProjectAccess>();
        services.AddInputValidation();
        services.AddScoped<Accounts.AccountOperations>();
        services.AddScoped<LiveFeeds.LiveFeedOperations>();
        services.AddSingleton<LiveFeeds.StreamAccess>();
        services.AddSingleton<LiveFeeds.LiveListeners>();
        services.AddScoped<IssueOperations>();
        services.AddSingleton<IssueFirstPages>();
        services.AddScoped<IssueTriageOperations>();
        services.AddScoped<AnalysisOperations>();
        services.AddScoped<FixSessionOperations>();
        services.AddScoped<PullRequestMergeOperations>();
        services.AddScoped<Alerts.SlackInteractionOperations>();
        services.AddScoped<ProjectOperations>();
        services.AddScoped<ProjectKeyOperations>();
        services.AddScoped<OrganizationOperations>();
        services.AddScoped<InvitationOperations>();
        services.AddScoped<AuditOperations>();
        services.AddScoped<QuarantineOperations>();
        services.AddScoped<ServerAdminOperations>();
        services.AddScoped<TokenOperations>();
        services.AddScoped<RepositoryOperations>();
        services.AddScoped<AiModelOperations>();
        services.AddScoped<AutofixPolicyOperations>();
        services.AddSingleton<StatsCache>();
        services.AddScoped<OrganizationStatsOperations>();
        services.AddScoped<Analytics.AnalyticsOperations>();
        services.AddScoped<Retention.StorageUsageOperations>();
        services.AddScoped<Documents.DocumentOperations>();
        services.AddScoped<AgentTasks.TaskDocumentBuilder>();
        services.AddScoped<AgentTasks.AgentTaskOperations>();
        // Replaces Core's "no embeddings", so documents and their search use the organization's embedding model.
        services.AddSingleton<Core.Documents.IDocumentEmbeddings, Documents.ModelDocumentEmbeddings>();
        return builder;
    }
}
