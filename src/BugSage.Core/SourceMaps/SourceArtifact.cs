namespace BugSage.Core.SourceMaps;

/// <summary>A generated (minified) file's source map, with the generated file's text when it was uploaded too.</summary>
public sealed class SourceArtifact(SourceMap map, string? minifiedSource)
{
    private string[]? minifiedLines;

    public SourceMap Map { get; } = map;

    public string? MinifiedSource { get; } = minifiedSource;

    /// <summary>The generated file split into lines, once.</summary>
    public string[]? MinifiedLines => MinifiedSource is null ? null : minifiedLines ??= TextLines.Split(MinifiedSource);
}
