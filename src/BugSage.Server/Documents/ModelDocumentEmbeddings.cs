using BugSage.Core.Analysis.Chat;
using BugSage.Core.Data;
using BugSage.Core.Documents;
using BugSage.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using OpenAI.Embeddings;

namespace BugSage.Server.Documents;

/// <summary>
/// Embeds with the organization's first enabled model (in fallback order) that names an embedding
/// model, through OpenAI's client for any OpenAI-compatible server; Anthropic offers no
/// embeddings, so its models never name one. Calls go through the outbound policy's "models"
/// client, with the model's key and timeout, as chat calls do.
/// </summary>
public sealed class ModelDocumentEmbeddings(SecretProtector secrets, IHttpClientFactory httpClients, ILogger<ModelDocumentEmbeddings> logger) : IDocumentEmbeddings
{
    public async Task<EmbeddedTexts?> EmbedAsync(AppDbContext db, long organizationId, IReadOnlyList<string> texts, CancellationToken ct)
    {
        var model = await db.AiModels.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.Enabled && m.EmbeddingModel != null && m.Provider != "anthropic")
            .OrderBy(m => m.Priority).ThenBy(m => m.Id).FirstOrDefaultAsync(ct);
        if (model?.EmbeddingModel is not { } embeddingModel) return null;
        var settings = ChatClients.SettingsOf(model, model.ApiKeyProtected is { } key ? secrets.Unprotect(key) : null);
        using var generator = new EmbeddingClient(embeddingModel, ChatClients.OpenAiKey(settings), ChatClients.OpenAiOptions(settings, httpClients.CreateClient("models")))
            .AsIEmbeddingGenerator();
        try
        {
            var embeddings = await generator.GenerateAsync(texts, cancellationToken: ct);
            return new EmbeddedTexts(embeddingModel, [.. embeddings.Select(e => e.Vector.ToArray())]);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The reason in fixed words, never the exception: OpenAI's carries the answer's body, which may echo the key.
            logger.LogWarning("Organization {OrganizationId}: embedding {Count} texts with {Model} ({Name}) failed: {Reason} ({Exception})",
                organizationId, texts.Count, embeddingModel, model.Name, ModelFailure.Reason(e), e.GetType().Name);
            throw;
        }
    }
}
