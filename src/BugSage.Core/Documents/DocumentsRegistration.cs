using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BugSage.Core.Documents;

/// <summary>Registers the document limits, the ingester and its worker, and no embeddings unless the host adds them.</summary>
public static class DocumentsRegistration
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DocumentIngester>();
        // The server replaces this with its provider clients; without them search is full-text alone.
        services.TryAddSingleton<IDocumentEmbeddings, NoDocumentEmbeddings>();
        services.AddSingleton<DocumentWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DocumentWorker>());
        return services;
    }
}
