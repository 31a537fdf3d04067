namespace BugSage.Core.Documents;

/// <summary>
/// A searchable piece of a document, about <see cref="DocumentOptions.ChunkTokens"/> tokens, with the
/// heading it sits under. Full-text indexed outside the EF model (FTS5 on SQLite, a <c>tsvector</c>
/// column on PostgreSQL; see M0024_Documents).
/// </summary>
public sealed class DocumentChunk
{
    public long Id { get; set; }
    public long DocumentId { get; set; }
    public int Ordinal { get; set; }
    public string? Heading { get; set; }
    public required string Text { get; set; }
    public int TokenCount { get; set; }

    /// <summary>The chunk's embedding as float32 little-endian bytes (see <see cref="EmbeddingVectors"/>); null when the organization has no embedding model or the call failed.</summary>
    public byte[]? Embedding { get; set; }

    /// <summary>The model that made <see cref="Embedding"/>: vectors of different models are never compared.</summary>
    public string? EmbeddingModel { get; set; }
}
