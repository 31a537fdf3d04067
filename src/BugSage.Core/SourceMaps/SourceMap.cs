using System.Text.Json;

namespace BugSage.Core.SourceMaps;

/// <summary>
/// A decoded source map (version 3, regular or indexed with sections): its sources, their
/// contents when embedded, its names and every mapping, sorted by generated position so a
/// lookup is a binary search. Immutable once read, so one instance serves many threads.
/// </summary>
public sealed class SourceMap
{
    /// <summary>More mappings than any real bundle has; past it the map is refused rather than held.</summary>
    public const int MaxTokens = 5_000_000;

    private readonly SourceMapToken[] tokens;
    private readonly int[] lineStarts;
    private readonly string[]?[] sourceLines;

    internal SourceMap(List<string> sources, List<string?> contents, List<string> names, List<SourceMapToken> tokens, string? debugId, string? file)
    {
        Sources = sources;
        SourcesContent = contents;
        Names = names;
        DebugId = debugId;
        File = file;
        this.tokens = tokens.ToArray();
        if (!IsSorted(this.tokens)) Array.Sort(this.tokens, (a, b) => a.GeneratedLine != b.GeneratedLine ? a.GeneratedLine.CompareTo(b.GeneratedLine) : a.GeneratedColumn.CompareTo(b.GeneratedColumn));
        var lines = this.tokens.Length == 0 ? 0 : this.tokens[^1].GeneratedLine + 1;
        lineStarts = new int[lines + 1];
        var t = 0;
        for (var line = 0; line <= lines; line++)
        {
            while (t < this.tokens.Length && this.tokens[t].GeneratedLine < line) t++;
            lineStarts[line] = t;
        }
        sourceLines = new string[]?[sources.Count];
    }

    /// <summary>The original files, with the map's <c>sourceRoot</c> applied.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The original files' text where the map embeds it (<c>sourcesContent</c>), null where it does not.</summary>
    public IReadOnlyList<string?> SourcesContent { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The debug ID a bundler or <c>sentry-cli sourcemaps inject</c> wrote into the map, if any.</summary>
    public string? DebugId { get; }

    public string? File { get; }

    public int TokenCount => tokens.Length;

    /// <summary>Reads a map; a <see cref="SourceMapFormatException"/> when it is not one.</summary>
    public static SourceMap Parse(ReadOnlyMemory<byte> json) => SourceMapReader.Read(json);

    /// <summary>
    /// The mapping that covers a generated position (zero-based): the last one on that line at or
    /// before the column. Null when the line has no mapping there.
    /// </summary>
    public SourceMapToken? Lookup(int line, int column) => IndexAt(line, column) is var i and >= 0 ? tokens[i] : null;

    /// <summary>The mappings before the one at <paramref name="line"/>/<paramref name="column"/>, nearest first (at most <paramref name="limit"/>).</summary>
    public IEnumerable<SourceMapToken> Preceding(int line, int column, int limit)
    {
        var i = IndexAt(line, column);
        for (var n = 0; i >= 0 && n < limit; i--, n++) yield return tokens[i];
    }

    /// <summary>A line (zero-based) of an embedded original source, or null.</summary>
    public string? SourceLine(int sourceIndex, int line)
    {
        var lines = SourceLines(sourceIndex);
        return lines is not null && line >= 0 && line < lines.Length ? lines[line] : null;
    }

    /// <summary>An embedded original source split into lines (cached), or null when the map does not embed it.</summary>
    public string[]? SourceLines(int sourceIndex)
    {
        if (sourceIndex < 0 || sourceIndex >= sourceLines.Length) return null;
        if (sourceLines[sourceIndex] is { } cached) return cached;
        if (sourceIndex >= SourcesContent.Count || SourcesContent[sourceIndex] is not { } content) return null;
        // Two threads may split the same source at once; both get equal arrays, one is kept.
        return sourceLines[sourceIndex] = TextLines.Split(content);
    }

    private int IndexAt(int line, int column)
    {
        if (line < 0 || line >= lineStarts.Length - 1 || column < 0) return -1;
        int low = lineStarts[line], high = lineStarts[line + 1] - 1, found = -1;
        while (low <= high)
        {
            var mid = low + (high - low) / 2;
            if (tokens[mid].GeneratedColumn <= column) { found = mid; low = mid + 1; }
            else high = mid - 1;
        }
        return found;
    }

    private static bool IsSorted(SourceMapToken[] tokens)
    {
        for (var i = 1; i < tokens.Length; i++)
        {
            var (a, b) = (tokens[i - 1], tokens[i]);
            if (a.GeneratedLine > b.GeneratedLine || (a.GeneratedLine == b.GeneratedLine && a.GeneratedColumn > b.GeneratedColumn)) return false;
        }
        return true;
    }
}

/// <summary>Splits text into lines at \n, \r\n and \r, as JavaScript engines count them.</summary>
internal static class TextLines
{
    public static string[] Split(string text) => text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
}
