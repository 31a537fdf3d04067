namespace BugSage.Core.SourceMaps;

/// <summary>
/// One mapping of a source map: a position in the generated file (zero-based line and column)
/// and, when it has one, the place in an original source it came from. <see cref="SourceIndex"/>
/// is -1 for generated code with no origin; <see cref="NameIndex"/> is -1 when no name is mapped.
/// </summary>
public readonly record struct SourceMapToken(int GeneratedLine, int GeneratedColumn, int SourceIndex, int OriginalLine, int OriginalColumn, int NameIndex)
{
    public bool HasSource => SourceIndex >= 0;
}
