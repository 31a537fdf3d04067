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
}
