using BugSage.Core.Documents.Extraction;

namespace BugSage.Core.Documents;

/// <summary>A chunk before it is stored.</summary>
public sealed record ChunkDraft(string? Heading, string Text, int TokenCount);

/// <summary>
/// Cuts sections into chunks of at most about <c>target</c> tokens. A chunk never spans two
/// headings, and it breaks between paragraphs; only a paragraph longer than the target is cut
/// between words. No overlap: a chunk's heading carries its context instead.
/// </summary>
public static class DocumentChunker
{
    public static List<ChunkDraft> Chunk(IEnumerable<DocumentSection> sections, int target)
    {
        var chunks = new List<ChunkDraft>();
        foreach (var section in sections)
        {
            var pending = new List<string>();
            var pendingTokens = 0;
            foreach (var paragraph in section.Paragraphs)
            {
                var tokens = TokenCounter.Count(paragraph);
                if (pendingTokens > 0 && pendingTokens + tokens > target)
                {
                    Emit(chunks, section.Heading, pending);
                    pendingTokens = 0;
                }
                if (tokens > target)
                {
                    foreach (var piece in SplitLong(paragraph, target)) Emit(chunks, section.Heading, [piece]);
                    continue;
                }
                pending.Add(paragraph);
                pendingTokens += tokens;
            }
            Emit(chunks, section.Heading, pending);
        }
        return chunks;
    }

    private static void Emit(List<ChunkDraft> chunks, string? heading, List<string> paragraphs)
    {
        if (paragraphs.Count == 0) return;
        var text = string.Join("\n\n", paragraphs);
        chunks.Add(new ChunkDraft(heading, text, TokenCounter.Count(text)));
        paragraphs.Clear();
    }

    /// <summary>A paragraph longer than the target, in pieces that fit it, cut between words.</summary>
    private static IEnumerable<string> SplitLong(string paragraph, int target)
    {
        var words = new List<string>();
        var tokens = 0;
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // A word costs about what it costs after a space; a single word longer than the target is cut by characters.
            var cost = TokenCounter.Count(" " + word);
            if (tokens > 0 && tokens + cost > target)
            {
                yield return string.Join(' ', words);
                words.Clear();
                tokens = 0;
            }
            if (cost > target)
            {
                foreach (var part in word.Chunk(target)) yield return new string(part);
                continue;
            }
            words.Add(word);
            tokens += cost;
        }
        if (words.Count > 0) yield return string.Join(' ', words);
    }
}
