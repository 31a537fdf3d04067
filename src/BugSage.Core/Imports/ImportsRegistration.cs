using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core.Imports;

/// <summary>Registers the Sentry importer, its HTTP client (under the outbound policy like every client) and its worker.</summary>
public static class ImportsRegistration
{
    public static IServiceCollection AddSentryImport(this IServiceCollection services)
    {
        services.AddHttpClient(SentryClient.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<SentryProjectImport>();
        services.AddScoped<SentryIssueImport>();
        services.AddScoped<SentryImporter>();
        services.AddSingleton<SentryImportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SentryImportWorker>());
        return services;
    }
}
