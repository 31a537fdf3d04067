using BugSage.Core.Data;
using BugSage.Core.Events;

namespace BugSage.Core.Documents;

/// <summary>A passage of an uploaded document that may help with an error: a runbook that names its fix, a postmortem of the last time.</summary>
public sealed record RelatedDocument(long DocumentId, string Title, string? Heading, string Snippet);

/// <summary>
/// The organization's documents that best match an error, for analyses and fix sessions to read
/// beside the code: searched with the exception's type and message and the culprit's function,
/// by meaning too where the organization has an embedding model.
/// </summary>
public static class RelatedDocuments
{
    public const int Max = 3;

    public static async Task<IReadOnlyList<RelatedDocument>> ForEventAsync(AppDbContext db, long organizationId, long projectId, NormalizedEvent evt, CancellationToken ct,
        IDocumentEmbeddings? embeddings = null)
    {
        var exception = evt.MainException;
        var culprit = exception?.Stacktrace?.Frames.LastOrDefault(f => f.InApp)?.Function;
        var query = string.Join(' ', new[] { exception?.Type, exception?.Value ?? evt.Message ?? evt.Title, culprit }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (query.Length > SearchQuery.MaxLength) query = query[..SearchQuery.MaxLength];
        if (SearchQuery.Terms(query).Count == 0) return [];
        var matches = await DocumentSearch.SearchAsync(db, embeddings, organizationId, projectId, query, Max, ct);
        return [.. matches.Select(m => new RelatedDocument(m.DocumentId, m.Title, m.Heading, m.Snippet.Truncate(600)))];
    }
}
