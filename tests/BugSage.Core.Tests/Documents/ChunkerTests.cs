using BugSage.Core.Documents;
using BugSage.Core.Documents.Extraction;

namespace BugSage.Core.Tests.Documents;

public class ChunkerTests
{
    [Fact]
    public void Chunks_never_span_headings_and_keep_their_heading()
    {
        var chunks = DocumentChunker.Chunk([new DocumentSection("A", ["one", "two"]), new DocumentSection("A › B", ["three"])], 300);
        chunks.Select(c => (c.Heading, c.Text)).ShouldBe([("A", "one\n\ntwo"), ("A › B", "three")]);
    }

    [Fact]
    public void Paragraphs_fill_a_chunk_up_to_the_target_and_long_ones_are_cut_between_words()
    {
        var paragraph = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));
        var huge = string.Join(' ', Enumerable.Range(0, 2000).Select(i => $"token{i}"));
        var chunks = DocumentChunker.Chunk([new DocumentSection(null, [.. Enumerable.Repeat(paragraph, 10), huge])], 300);
        chunks.Count.ShouldBeGreaterThan(5);
        chunks.ShouldAllBe(c => c.TokenCount <= 310 && c.TokenCount == TokenCounter.Count(c.Text));
        // Nothing is lost or repeated: every word appears as often as it went in.
        string.Join(' ', chunks.Select(c => c.Text.Replace("\n\n", " "))).Split(' ').Length.ShouldBe(60 * 10 + 2000);
    }

    [Fact]
    public void Tokens_are_counted_with_a_real_vocabulary() =>
        TokenCounter.Count("The connection pool is exhausted.").ShouldBeInRange(5, 9);
}
