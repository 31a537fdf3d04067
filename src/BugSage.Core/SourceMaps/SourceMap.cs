using System.Runtime.CompilerServices;

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

    /// <summary>More lines than any generated file has; a mapping (or a section offset) past it is a broken or hostile map.</summary>
    public const int MaxGeneratedLine = 10_000_000;

    private readonly SourceMapToken[] tokens;
    private readonly SourceText?[] contents;

    internal SourceMap(List<string> sources, List<SourceText?> contents, List<string> names, List<SourceMapToken> tokens, string? debugId, string? file)
    {
        Sources = sources;
        this.contents = contents.ToArray();
        Names = names;
        DebugId = debugId;
        File = file;
        this.tokens = tokens.ToArray();
        if (!IsSorted(this.tokens)) Array.Sort(this.tokens, (a, b) => a.GeneratedLine != b.GeneratedLine ? a.GeneratedLine.CompareTo(b.GeneratedLine) : a.GeneratedColumn.CompareTo(b.GeneratedColumn));
        RetainedBytes = (long)Unsafe.SizeOf<SourceMapToken>() * this.tokens.Length + 8L * this.contents.Length
            + this.contents.Sum(c => c?.RetainedBytes ?? 0) + Strings(sources) + Strings(names) + 2L * ((debugId?.Length ?? 0) + (file?.Length ?? 0)) + 256;
    }

    /// <summary>The original files, with the map's <c>sourceRoot</c> applied.</summary>
    public IReadOnlyList<string> Sources { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The debug ID a bundler or <c>sentry-cli sourcemaps inject</c> wrote into the map, if any.</summary>
    public string? DebugId { get; }

    public string? File { get; }

    public int TokenCount => tokens.Length;

    /// <summary>What the map holds in memory (mappings, embedded sources, names), known once it is read.</summary>
    public long RetainedBytes { get; }

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
    public string? SourceLine(int sourceIndex, int line) =>
        SourceContent(sourceIndex) is { } text && line >= 0 && line < text.LineCount ? text.Line(line) : null;

    /// <summary>An embedded original source (<c>sourcesContent</c>), or null when the map does not embed it.</summary>
    public SourceText? SourceContent(int sourceIndex) => sourceIndex >= 0 && sourceIndex < contents.Length ? contents[sourceIndex] : null;

    /// <summary>
    /// One binary search over all mappings by (line, column): memory is the mappings alone, whatever line
    /// numbers a map's section offsets claim (a per-line index would be as large as the largest line number).
    /// </summary>
    private int IndexAt(int line, int column)
    {
        if (line < 0 || column < 0) return -1;
        int low = 0, high = tokens.Length - 1, found = -1;
        while (low <= high)
        {
            var mid = low + (high - low) / 2;
            var t = tokens[mid];
            if (t.GeneratedLine < line || (t.GeneratedLine == line && t.GeneratedColumn <= column)) { found = mid; low = mid + 1; }
            else high = mid - 1;
        }
        return found >= 0 && tokens[found].GeneratedLine == line ? found : -1;
    }

    private static long Strings(List<string> strings) => strings.Sum(s => 2L * s.Length + 32);

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
