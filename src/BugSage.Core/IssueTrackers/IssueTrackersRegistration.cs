using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core.IssueTrackers;

/// <summary>Registers the tracker clients, the issue writer and the sync worker.</summary>
public static class IssueTrackersRegistration
{
    public static IServiceCollection AddBugSageIssueTrackers(this IServiceCollection services)
    {
        // Each call has its own limit (AlertOptions.RequestTimeoutSeconds); the primary handler is the outbound policy's.
        services.AddHttpClient(IssueTrackerClients.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IssueTrackerClients>();
        services.AddScoped<IssueDraftBuilder>();
        services.AddSingleton<ExternalIssueSyncWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ExternalIssueSyncWorker>());
        return services;
    }
}
