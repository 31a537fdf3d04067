using BugSage.Core.Events;

namespace BugSage.Core.SourceMaps;

/// <summary>
/// Maps one JavaScript frame from the minified file to the original source: file, line, column,
/// the function's original name and the source lines around it. The minified frame is kept on
/// the mapped one; a frame that cannot be mapped is left as it was, with the reason.
/// </summary>
public static class FrameSymbolicator
{
    public const int ContextLines = 5;

    /// <summary>Longer source lines are cut to a window around the column, as minified or generated lines can be megabytes.</summary>
    public const int MaxContextLineLength = 150;

    /// <summary>How far back from the frame's position a mapping of the function's own name is looked for.</summary>
    private const int FunctionNameSearch = 20_000;

    /// <summary>The mapped frame, or the reason there is none.</summary>
    public static (StackFrame? Frame, string? Problem) Map(StackFrame minified, SourceArtifact artifact)
    {
        if (minified.Lineno is not (>= 1 and <= int.MaxValue)) return (null, "the frame has no line number");
        if (minified.Colno is not (>= 1 and <= int.MaxValue)) return (null, "the frame has no column number, which a minified file needs");
        int line = (int)minified.Lineno.Value - 1, column = (int)minified.Colno.Value - 1;
        if (artifact.Map.Lookup(line, column) is not { HasSource: true } token)
            return (null, $"the source map has no mapping for line {line + 1}, column {column + 1}");

        var source = artifact.Map.Sources[token.SourceIndex];
        var frame = new StackFrame
        {
            AbsPath = source.Truncate(1024),
            Filename = DisplayPath(source).Truncate(512),
            Function = (OriginalFunction(minified.Function, line, column, artifact) ?? minified.Function)?.Truncate(512),
            // The SDK's module is the minified file's name (app.3f2a9c.min): it names the build, not the
            // code, and would split one bug across deploys. The original path stands in for it; the
            // minified frame keeps it.
            Module = null,
            Package = minified.Package,
            Lineno = token.OriginalLine + 1L,
            Colno = token.OriginalColumn + 1L,
            Vars = minified.Vars,
            InApp = IsApplicationSource(source),
            Minified = Plain(minified),
        };
        if (artifact.Map.SourceContent(token.SourceIndex) is { } text && token.OriginalLine < text.LineCount)
        {
            var at = token.OriginalLine;
            string Line(int i) => Window(text.Line(i), token.OriginalColumn);
            frame.ContextLine = Line(at);
            frame.PreContext = Enumerable.Range(Math.Max(0, at - ContextLines), at - Math.Max(0, at - ContextLines)).Select(Line).ToList();
            frame.PostContext = Enumerable.Range(at + 1, Math.Min(text.LineCount, at + 1 + ContextLines) - (at + 1)).Select(Line).ToList();
        }
        return (frame, null);
    }

    /// <summary>
    /// Minifiers rename functions, and the stack names the minified one (<c>n</c>, <c>t.n</c>,
    /// <c>Object.n</c>). The map names identifiers, not enclosing functions, so the nearest mapping
    /// before the frame whose minified text is that name is taken as the function's own (its
    /// declaration or an earlier use in the same file) and its original name returned. Needs the
    /// minified file; null when it is missing or nothing matches.
    /// </summary>
    internal static string? OriginalFunction(string? minifiedFunction, int line, int column, SourceArtifact artifact)
    {
        var name = LastIdentifier(minifiedFunction);
        if (name is null || artifact.MinifiedSource is null) return null;
        foreach (var token in artifact.Map.Preceding(line, column, FunctionNameSearch))
        {
            if (token.GeneratedLine >= artifact.MinifiedLineCount) continue;
            var text = artifact.MinifiedLine(token.GeneratedLine);
            if (token.GeneratedColumn + name.Length > text.Length) continue;
            if (!text[token.GeneratedColumn..].StartsWith(name, StringComparison.Ordinal)) continue;
            var end = token.GeneratedColumn + name.Length;
            if (end < text.Length && IsIdentifierPart(text[end])) continue;
            // A mapping without a name is an identifier the minifier kept (a method, an export).
            return token.NameIndex >= 0 ? artifact.Map.Names[token.NameIndex] : name;
        }
        return null;
    }

    /// <summary>The function's own name in a stack frame's label: <c>n</c> of <c>t.n</c>, <c>Object.n</c>, <c>new n</c>, <c>async n</c>.</summary>
    internal static string? LastIdentifier(string? function)
    {
        if (string.IsNullOrWhiteSpace(function)) return null;
        var name = function.Trim();
        foreach (var prefix in (string[])["new ", "async "])
            if (name.StartsWith(prefix, StringComparison.Ordinal)) name = name[prefix.Length..];
        var dot = name.LastIndexOf('.');
        if (dot >= 0) name = name[(dot + 1)..];
        if (name.Length == 0 || name == "<anonymous>" || !IsIdentifierStart(name[0])) return null;
        foreach (var c in name) if (!IsIdentifierPart(c)) return null;
        return name;
    }

    /// <summary>A source path as people read it: <c>webpack://app/./src/a.js</c> and <c>../src/a.js</c> are <c>src/a.js</c>.</summary>
    public static string DisplayPath(string source)
    {
        var path = source;
        if (path.StartsWith("webpack://", StringComparison.Ordinal))
        {
            path = path["webpack://".Length..];
            var slash = path.IndexOf('/');
            path = slash >= 0 ? path[(slash + 1)..] : path;
        }
        while (path.StartsWith("./", StringComparison.Ordinal) || path.StartsWith("../", StringComparison.Ordinal)) path = path[(path.IndexOf('/') + 1)..];
        return path;
    }

    /// <summary>Dependencies and bundler runtime are not the application's code, wherever the bundle put them.</summary>
    public static bool IsApplicationSource(string source) =>
        !source.Contains("node_modules/", StringComparison.Ordinal)
        && !source.StartsWith("webpack/", StringComparison.Ordinal)
        && !source.Contains("(webpack)", StringComparison.Ordinal)
        && !source.StartsWith("webpack://webpack/", StringComparison.Ordinal);

    private static string Window(string line, int column)
    {
        if (line.Length <= MaxContextLineLength) return line;
        var start = Math.Clamp(column - MaxContextLineLength / 2, 0, line.Length - MaxContextLineLength);
        var end = start + MaxContextLineLength;
        // Never between the halves of a surrogate pair.
        if (start > 0 && char.IsLowSurrogate(line[start])) start++;
        if (end < line.Length && char.IsLowSurrogate(line[end])) end--;
        return (start > 0 ? "{snip} " : "") + line[start..end] + (end < line.Length ? " {snip}" : "");
    }

    private static StackFrame Plain(StackFrame frame) => new()
    {
        Filename = frame.Filename, AbsPath = frame.AbsPath, Function = frame.Function, Module = frame.Module, Package = frame.Package,
        Lineno = frame.Lineno, Colno = frame.Colno, InApp = frame.InApp,
    };

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c is '_' or '$';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
