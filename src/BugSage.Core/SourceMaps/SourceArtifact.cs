namespace BugSage.Core.SourceMaps;

/// <summary>A generated (minified) file's source map, with the generated file's text when it was uploaded too.</summary>
public sealed class SourceArtifact
{
    private readonly int[]? minifiedLineStarts;

    public SourceArtifact(SourceMap map, string? minifiedSource)
    {
        Map = map;
        MinifiedSource = minifiedSource;
        if (minifiedSource is not null) minifiedLineStarts = LineStarts.Of<char>(minifiedSource, '\r', '\n');
    }

    public SourceMap Map { get; }

    public string? MinifiedSource { get; }

    /// <summary>Lines of the generated file; 0 when it was not uploaded.</summary>
    public int MinifiedLineCount => minifiedLineStarts?.Length ?? 0;

    /// <summary>A line (zero-based) of the generated file, as a slice of it.</summary>
    public ReadOnlySpan<char> MinifiedLine(int index) => LineStarts.Line<char>(MinifiedSource, minifiedLineStarts!, index, '\r', '\n');

    /// <summary>What the artifact holds in memory, all of it computed when it is read: what the source map cache counts.</summary>
    public long RetainedBytes => Map.RetainedBytes + 2L * (MinifiedSource?.Length ?? 0) + 4L * MinifiedLineCount + 64;
}
