using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Documents;

/// <summary>
/// Embeds a document's freshly indexed chunks in batches with the organization's embedding model.
/// Embeddings only improve ranking: when the provider fails, the document stays ready and is
/// found by its words, so a failure is logged and the chunks not yet embedded keep no vector.
/// </summary>
internal sealed class ChunkEmbedder(AppDbContext db, IDocumentEmbeddings embeddings, ILogger logger)
{
    /// <summary>Texts per call: well under providers' per-request limits (OpenAI takes 2,048 inputs) with chunks of a few hundred tokens.</summary>
    private const int Batch = 64;

    public async Task EmbedAsync(Document document, IReadOnlyList<ChunkDraft> drafts, CancellationToken ct)
    {
        var ids = await db.DocumentChunks.Where(c => c.DocumentId == document.Id).OrderBy(c => c.Ordinal).Select(c => c.Id).ToListAsync(ct);
        for (var start = 0; start < ids.Count; start += Batch)
        {
            // The heading is part of what a chunk is about ("Redis failover › Symptoms"), as it weighs in full-text ranking.
            var texts = drafts.Skip(start).Take(Batch).Select(d => d.Heading is null ? d.Text : d.Heading + "\n\n" + d.Text).ToList();
            EmbeddedTexts? embedded;
            try
            {
                embedded = await embeddings.EmbedAsync(db, document.OrganizationId, texts, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Document {DocumentId}: embedding failed, it is searchable by its words only", document.Id);
                return;
            }
            if (embedded is null) return;
            if (embedded.Vectors.Count != texts.Count)
            {
                logger.LogWarning("Document {DocumentId}: the embedding model answered {Answered} vectors for {Asked} texts; not embedded", document.Id, embedded.Vectors.Count, texts.Count);
                return;
            }
            foreach (var (id, vector) in ids.Skip(start).Zip(embedded.Vectors))
            {
                var bytes = EmbeddingVectors.ToBytes(vector);
                await db.DocumentChunks.Where(c => c.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Embedding, bytes).SetProperty(c => c.EmbeddingModel, embedded.Model), ct);
            }
        }
    }
}
