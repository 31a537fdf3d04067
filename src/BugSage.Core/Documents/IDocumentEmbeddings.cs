using BugSage.Core.Data;

namespace BugSage.Core.Documents;

/// <summary>Texts embedded by one model, in the order they were given.</summary>
public sealed record EmbeddedTexts(string Model, IReadOnlyList<float[]> Vectors);

/// <summary>
/// Embeds text with the organization's embedding model, for hybrid document search. Lives in Core
/// because the document worker does; the provider clients live in the server
/// (BugSage.Server.Documents.ModelDocumentEmbeddings).
/// </summary>
public interface IDocumentEmbeddings
{
    /// <summary>
    /// The texts' vectors, or null when the organization has no enabled model with an embedding
    /// model (search is then full-text alone). Throws when the provider fails; callers fall back to text.
    /// </summary>
    Task<EmbeddedTexts?> EmbedAsync(AppDbContext db, long organizationId, IReadOnlyList<string> texts, CancellationToken ct);
}

/// <summary>Where no provider is wired (Core alone, tools): no organization has embeddings.</summary>
public sealed class NoDocumentEmbeddings : IDocumentEmbeddings
{
    public Task<EmbeddedTexts?> EmbedAsync(AppDbContext db, long organizationId, IReadOnlyList<string> texts, CancellationToken ct) => Task.FromResult<EmbeddedTexts?>(null);
}
