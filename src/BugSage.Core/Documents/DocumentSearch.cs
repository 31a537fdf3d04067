using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Documents;

/// <summary>
/// Ranked full-text search over an organization's ready documents: BM25 through FTS5's
/// <c>bm25()</c> on SQLite (headings weigh twice the body), cover density through
/// <c>ts_rank_cd</c> on PostgreSQL (headings weighted A, the body B). Any word may match, so a
/// question in a person's words finds the chunk that shares the most telling of them. The text
/// reaches the database only as a parameter, after <see cref="SearchQuery"/> has kept its words.
/// Where the organization has an embedding model, the chunks nearest the query in meaning
/// (<see cref="SemanticRanking"/>) are fused with the full-text ranking (<see cref="RankFusion"/>),
/// so a question that shares no word with the passage that answers it still finds it.
/// </summary>
public static class DocumentSearch
{
    public const int MaxLimit = 50;
    private const int SnippetLength = 240;

    /// <summary>How deep each ranking goes before fusion: deeper than a page, so a chunk just below the page in one ranking can still rise by agreement with the other.</summary>
    private const int FusionDepth = MaxLimit;

    /// <summary>Full-text search alone.</summary>
    public static Task<List<DocumentMatch>> SearchAsync(AppDbContext db, long organizationId, long? projectId, string query, int limit, CancellationToken ct = default) =>
        SearchAsync(db, null, organizationId, projectId, query, limit, ct);

    /// <summary>
    /// The best chunks of the organization's documents: with a project, that project's documents
    /// and the organization-wide ones; without one, all of the organization's. Hybrid when
    /// <paramref name="embeddings"/> embeds the query for the organization, full-text otherwise.
    /// </summary>
    public static async Task<List<DocumentMatch>> SearchAsync(AppDbContext db, IDocumentEmbeddings? embeddings, long organizationId, long? projectId, string query, int limit,
        CancellationToken ct = default)
    {
        var terms = SearchQuery.Terms(query);
        if (terms.Count == 0) return [];
        limit = Math.Clamp(limit, 1, MaxLimit);
        var hits = Hits(db, terms).Where(h => h.OrganizationId == organizationId);
        if (projectId is { } project) hits = hits.Where(h => h.ProjectId == null || h.ProjectId == project);
        hits = hits.OrderByDescending(h => h.Score).ThenBy(h => h.ChunkId);

        var nearest = embeddings is null ? null : await SemanticRanking.RankAsync(db, embeddings, organizationId, projectId, query.Truncate(SearchQuery.MaxLength), FusionDepth, ct);
        if (nearest is not { Count: > 0 })
            return [.. (await hits.Take(limit).ToListAsync(ct)).Select(r => Match(r, r.Score, terms))];

        var byWords = await hits.Take(FusionDepth).ToListAsync(ct);
        var fused = RankFusion.Fuse([.. byWords.Select(r => r.ChunkId)], nearest).Take(limit).ToList();
        var rows = byWords.ToDictionary(r => r.ChunkId);
        var missing = fused.Select(f => f.Id).Where(id => !rows.ContainsKey(id)).ToList();
        foreach (var row in await ChunksAsync(db, organizationId, missing, ct)) rows[row.ChunkId] = row;
        return [.. fused.Where(f => rows.ContainsKey(f.Id)).Select(f => Match(rows[f.Id], f.Score, terms))];
    }

    private static DocumentMatch Match(ChunkHit r, double score, IReadOnlyList<string> terms) =>
        new(r.DocumentId, r.Title, r.ChunkId, r.Ordinal, r.Heading, Snippet(r.Text, terms), score);

    /// <summary>Chunks found only by meaning, read by id; the organization is checked again so no id from elsewhere is ever shown.</summary>
    private static Task<List<ChunkHit>> ChunksAsync(AppDbContext db, long organizationId, List<long> ids, CancellationToken ct) =>
        (from c in db.DocumentChunks
         join d in db.Documents on c.DocumentId equals d.Id
         where ids.Contains(c.Id) && d.OrganizationId == organizationId
         select new ChunkHit { ChunkId = c.Id, DocumentId = c.DocumentId, Ordinal = c.Ordinal, OrganizationId = d.OrganizationId, ProjectId = d.ProjectId, Title = d.Title, Heading = c.Heading, Text = c.Text })
        .ToListAsync(ct);

    private static IQueryable<ChunkHit> Hits(AppDbContext db, IReadOnlyList<string> terms)
    {
        if (db.Database.IsSqlite())
        {
            var match = string.Join(" OR ", terms.Select(t => "\"" + t + "\""));
            // bm25() is lower for better matches; negated so both providers sort the same way.
            return db.Database.SqlQuery<ChunkHit>($"""
                SELECT c.id AS "ChunkId", c.document_id AS "DocumentId", c.ordinal AS "Ordinal", d.organization_id AS "OrganizationId", d.project_id AS "ProjectId",
                       d.title AS "Title", c.heading AS "Heading", c.text AS "Text", -bm25(document_chunks_fts, 2.0, 1.0) AS "Score"
                FROM document_chunks_fts
                JOIN document_chunks c ON c.id = document_chunks_fts.rowid
                JOIN documents d ON d.id = c.document_id
                WHERE document_chunks_fts MATCH {match} AND d.status = 'ready'
                """);
        }
        // plainto_tsquery stems the words and drops English stop words; its ANDs become ORs so any word may match.
        var text = string.Join(' ', terms);
        return db.Database.SqlQuery<ChunkHit>($"""
            SELECT c.id AS "ChunkId", c.document_id AS "DocumentId", c.ordinal AS "Ordinal", d.organization_id AS "OrganizationId", d.project_id AS "ProjectId",
                   d.title AS "Title", c.heading AS "Heading", c.text AS "Text", ts_rank_cd(c.search_vector, q.query)::float8 AS "Score"
            FROM document_chunks c
            JOIN documents d ON d.id = c.document_id
            CROSS JOIN (SELECT replace(plainto_tsquery('english', {text})::text, '&', '|')::tsquery AS query) q
            WHERE c.search_vector @@ q.query AND d.status = 'ready'
            """);
    }

    /// <summary>About <see cref="SnippetLength"/> characters around the first word of the query found in the text, cut at spaces.</summary>
    internal static string Snippet(string text, IReadOnlyList<string> terms)
    {
        if (text.Length <= SnippetLength) return text;
        var first = terms.Select(t => text.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, first - SnippetLength / 4);
        if (start > 0 && text.IndexOf(' ', start) is var space && space >= 0 && space < first) start = space + 1;
        var end = Math.Min(text.Length, start + SnippetLength);
        if (end < text.Length && text.LastIndexOf(' ', end) is var cut && cut > start) end = cut;
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }

    /// <summary>One row of the raw search, before the tenant filter, order and limit composed over it.</summary>
    internal sealed class ChunkHit
    {
        public long ChunkId { get; set; }
        public long DocumentId { get; set; }
        public int Ordinal { get; set; }
        public long OrganizationId { get; set; }
        public long? ProjectId { get; set; }
        public string Title { get; set; } = "";
        public string? Heading { get; set; }
        public string Text { get; set; } = "";
        public double Score { get; set; }
    }
}
