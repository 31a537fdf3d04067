namespace BugSage.Core.SourceMaps;

/// <summary>A source map that cannot be read: not JSON, not version 3, or mappings that do not decode.</summary>
public sealed class SourceMapFormatException(string message) : FormatException(message);
