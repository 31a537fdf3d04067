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
        // Streamed and scored one by one, keeping only the best: the vectors are never all in memory at once.
        var best = new PriorityQueue<long, (double Similarity, long NegatedId)>();
        await foreach (var row in chunks.OrderByDescending(c => c.Id).Take(MaxChunks).Select(c => new { c.Id, c.Embedding }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var similarity = EmbeddingVectors.Cosine(wanted, EmbeddingVectors.FromBytes(row.Embedding!));
            if (similarity <= 0) continue;
            // The queue's head is the weakest kept: lowest similarity, then highest id (ties go to the older chunk).
            best.Enqueue(row.Id, (similarity, -row.Id));
            if (best.Count > take) best.Dequeue();
        }
        var ranked = new List<(long Id, double Similarity)>(best.Count);
        while (best.TryDequeue(out var id, out var priority)) ranked.Add((id, priority.Similarity));
        return [.. ranked.OrderByDescending(r => r.Similarity).ThenBy(r => r.Id).Select(r => r.Id)];
    }
}
