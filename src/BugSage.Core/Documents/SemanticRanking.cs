using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Documents;

/// <summary>
/// The organization's chunks nearest a query by cosine similarity of their embeddings, scored in
/// process: only ids and vectors are read, and only those made by the model that embedded the
/// query (vectors of different models do not compare).
/// </summary>
internal static class SemanticRanking
{
    /// <summary>
    /// The most chunks scored per search, newest first: about 30 MB of 384-dimension vectors (120 MB
    /// at 1,536). An organization with more needs an index in the database (pgvector), not done yet;
    /// the older chunks beyond the cap are still found by their words.
    /// </summary>
    public const int MaxChunks = 20_000;

    /// <summary>
    /// The chunk ids best first, at most <paramref name="take"/>; null when the organization has no
    /// embedding model or the query could not be embedded (the provider failed: search falls back to words).
    /// </summary>
    public static async Task<List<long>?> RankAsync(AppDbContext db, IDocumentEmbeddings embeddings, long organizationId, long? projectId, string query, int take, CancellationToken ct)
    {
        EmbeddedTexts? embedded;
        try
        {
            embedded = await embeddings.EmbedAsync(db, organizationId, [query], ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return null;
        }
        if (embedded is not { Vectors: [var wanted] }) return null;

        var chunks = from c in db.DocumentChunks
                     join d in db.Documents on c.DocumentId equals d.Id
                     where d.OrganizationId == organizationId && d.Status == DocumentStatus.Ready && c.EmbeddingModel == embedded.Model && c.Embedding != null
                     select new { c.Id, c.Embedding, d.ProjectId };
        if (projectId is { } project) chunks = chunks.Where(c => c.ProjectId == null || c.ProjectId == project);
        var rows = await chunks.OrderByDescending(c => c.Id).Take(MaxChunks).Select(c => new { c.Id, c.Embedding }).ToListAsync(ct);
        return rows.Select(r => (r.Id, Similarity: EmbeddingVectors.Cosine(wanted, EmbeddingVectors.FromBytes(r.Embedding!))))
            .Where(r => r.Similarity > 0).OrderByDescending(r => r.Similarity).ThenBy(r => r.Id).Take(take).Select(r => r.Id).ToList();
    }
}
