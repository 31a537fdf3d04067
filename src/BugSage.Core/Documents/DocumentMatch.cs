namespace BugSage.Core.Documents;

/// <summary>A chunk that matched a search: where it is, a snippet around the first matching word, and its rank (higher is better).</summary>
public sealed record DocumentMatch(long DocumentId, string Title, long ChunkId, int Ordinal, string? Heading, string Snippet, double Score);
