using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core.Documents;

/// <summary>Registers the document limits, the ingester and its worker.</summary>
public static class DocumentsRegistration
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DocumentIngester>();
        services.AddSingleton<DocumentWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DocumentWorker>());
        return services;
    }
}
