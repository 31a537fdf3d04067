using BugSage.Core.Data;
using BugSage.Core.Documents.Extraction;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Documents;

/// <summary>
/// Makes one uploaded document searchable: extract its text, cut it into chunks, index them.
/// A document that cannot be read fails its job with the reason; chunks already written by an
/// earlier, interrupted attempt are replaced, so a rerun never indexes a chunk twice. Where the
/// organization has an embedding model, the chunks are embedded too (see <see cref="ChunkEmbedder"/>).
/// </summary>
public sealed class DocumentIngester(AppDbContext db, IOptions<DocumentOptions> options, TimeProvider clock, IDocumentEmbeddings embeddings, ILogger<DocumentIngester> logger)
{
    private const int InsertBatch = 200;

    public async Task RunAsync(long jobId, CancellationToken ct)
    {
        var job = await db.DocumentJobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return;
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == job.DocumentId, ct);
        if (document is null || job.Content is null)
        {
            await FinishAsync(job, document, "the uploaded file is gone (the document was deleted)", ct);
            return;
        }
        job.StartedAt ??= Now;
        try
        {
            await StageAsync(job, DocumentJobStatus.Extracting, 5, ct);
            var sections = DocumentExtractor.Extract(job.Content, document.ContentType, options.Value);
            await StageAsync(job, DocumentJobStatus.Chunking, 40, ct);
            var chunks = DocumentChunker.Chunk(sections, options.Value.ChunkTokens);
            if (chunks.Count == 0) throw new DocumentRejectedException("the document holds no text to search (a scanned PDF needs text recognition first)");
            await StageAsync(job, DocumentJobStatus.Indexing, 60, ct);
            await IndexAsync(job, document, chunks, ct);
            await new ChunkEmbedder(db, embeddings, logger).EmbedAsync(document, chunks, ct);
        }
        catch (DocumentRejectedException rejected)
        {
            await FinishAsync(job, document, rejected.Message, ct);
            return;
        }
        await FinishAsync(job, document, null, ct);
    }

    private async Task IndexAsync(DocumentJob job, Document document, List<ChunkDraft> chunks, CancellationToken ct)
    {
        await db.DocumentChunks.Where(c => c.DocumentId == document.Id).ExecuteDeleteAsync(ct);
        for (var start = 0; start < chunks.Count; start += InsertBatch)
        {
            foreach (var (draft, ordinal) in chunks.Skip(start).Take(InsertBatch).Select((c, i) => (c, start + i)))
                db.DocumentChunks.Add(new DocumentChunk { DocumentId = document.Id, Ordinal = ordinal, Heading = draft.Heading, Text = draft.Text, TokenCount = draft.TokenCount });
            job.Progress = 60 + 39 * Math.Min(chunks.Count, start + InsertBatch) / chunks.Count;
            job.UpdatedAt = Now;
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            db.Attach(job);
            db.Attach(document);
        }
    }

    private async Task StageAsync(DocumentJob job, string stage, int progress, CancellationToken ct)
    {
        (job.Stage, job.Progress, job.UpdatedAt) = (stage, progress, Now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Ends the job ready, or failed with <paramref name="reason"/>; the uploaded bytes are no longer needed either way.</summary>
    private async Task FinishAsync(DocumentJob job, Document? document, string? reason, CancellationToken ct)
    {
        job.Status = reason is null ? DocumentJobStatus.Ready : DocumentJobStatus.Failed;
        job.Error = reason?.Truncate(2000);
        job.Progress = reason is null ? 100 : job.Progress;
        job.Content = null;
        job.FinishedAt = job.UpdatedAt = Now;
        job.LeaseOwner = null;
        if (document is not null) document.Status = reason is null ? DocumentStatus.Ready : DocumentStatus.Failed;
        await db.SaveChangesAsync(ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
