using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A function or method read as text: its name, its parameters' names and the lines of its body. Enough to follow a call
/// from one function into another across the crash's files; a header spread over several lines is not read (nothing is
/// proposed from what could not be read whole).
/// </summary>
internal sealed record Method(string File, string Name, IReadOnlyList<string> Parameters, int Header, int First, int Last, string BodyIndent)
{
    public bool Contains(int index) => index >= First && index <= Last;
}

internal static class Methods
{
    private const string CSharpModifiers = "public|private|internal|protected|static|virtual|override|async|sealed|new|unsafe|extern|abstract";

    /// <summary>Every function of the file whose header and body could be read, in the file's order.</summary>
    public static IReadOnlyList<Method> Of(string language, string path, string[] lines)
    {
        var found = new List<Method>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > CulpritSource.MaxReadLine) continue;
            OperatorText.Check();
            var header = language switch
            {
                "python" => OperatorText.Match(lines[i], @"^(?<indent>[ \t]*)(?:async\s+)?def\s+(?<name>[A-Za-z_]\w*)\s*\((?<params>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*(?:->\s*[^:]+)?:\s*(?:#.*)?$"),
                "javascript" => OperatorText.Match(lines[i], @"^(?<indent>[ \t]*)(?:(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*(?<name>[A-Za-z_$][\w$]*)|(?:static\s+)?(?:async\s+)?(?!(?:if|for|while|switch|catch|with|return|function)\b)(?<name>[A-Za-z_$][\w$]*)|(?:const|let|var)\s+(?<name>[A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:function\b[^(]*)?)\s*\((?<params>[^()]*)\)\s*(?:=>\s*)?\{\s*(?://.*)?$"),
                "dotnet" => OperatorText.Match(lines[i], @"^(?<indent>[ \t]*)(?:(?:" + CSharpModifiers + @")\s+)*(?!(?:return|new|await|throw|else|if|for|foreach|while|switch|using|lock|catch)\b)[\w<>\[\]?,.]+(?:<[^>]*>)?\s+(?<name>[A-Za-z_]\w*)\s*(?:<[^>]*>)?\s*\((?<params>[^()]*)\)\s*(?:(?<open>\{)?\s*(?://.*)?$|(?<arrow>=>))"),
                _ => System.Text.RegularExpressions.Match.Empty,
            };
            if (!header.Success) continue;
            var names = Signature.Split(header.Groups["params"].Value).Select(p => ParameterName(language, p)).ToList();
            if (names.Any(n => n.Length == 0)) continue;
            if (language == "python" && names.Count > 0 && names[0] is "self" or "cls") names.RemoveAt(0);
            // An expression-bodied C# member is its own one-line body.
            var body = language == "python" ? IndentedBody(lines, i, header.Groups["indent"].Value.Length)
                : header.Groups["arrow"].Success ? (i, i)
                : BracedBody(lines, i, language == "dotnet" && !header.Groups["open"].Success);
            if (body is not var (first, last) || first > last) continue;
            var indent = lines[first][..(lines[first].Length - lines[first].TrimStart().Length)];
            found.Add(new Method(path, header.Groups["name"].Value, names, i, first, last, indent));
        }
        return found;
    }

    /// <summary>The innermost function of the file whose body holds the line.</summary>
    public static Method? Around(IReadOnlyList<Method> methods, int index) =>
        methods.Where(m => m.Contains(index)).OrderBy(m => m.Last - m.First).FirstOrDefault();

    private static string ParameterName(string language, string parameter)
    {
        var text = parameter;
        var equals = text.IndexOf('=');
        if (equals >= 0) text = text[..equals];
        if (language == "python")
        {
            var colon = text.IndexOf(':');
            if (colon >= 0) text = text[..colon];
            text = text.Trim().TrimStart('*');
        }
        else
        {
            // C#: the last word of "ref int count"; JavaScript: the name itself (a destructured parameter reads as none).
            text = text.Trim();
            var space = text.LastIndexOf(' ');
            if (space >= 0) text = text[(space + 1)..];
            if (text.StartsWith("...", StringComparison.Ordinal)) text = text[3..];
        }
        return OperatorText.IsMatch(text, @"^[A-Za-z_$][\w$]*$") ? text : "";
    }

    /// <summary>A Python body: the lines after the header indented deeper than it, blank lines within included.</summary>
    private static (int, int)? IndentedBody(string[] lines, int header, int indent)
    {
        int? first = null;
        var last = header;
        for (var i = header + 1; i < lines.Length; i++)
        {
            var text = lines[i];
            if (text.Trim().Length == 0) continue;
            if (text.Length - text.TrimStart().Length <= indent) break;
            first ??= i;
            last = i;
        }
        return first is { } f ? (f, last) : null;
    }

    /// <summary>A braced body: from the line after the opening brace until the brace that closes it (strings and comments skipped).</summary>
    private static (int, int)? BracedBody(string[] lines, int header, bool braceOnNextLine)
    {
        var start = header;
        if (braceOnNextLine)
        {
            if (header + 1 >= lines.Length || lines[header + 1].Trim() != "{") return null;
            start = header + 1;
        }
        var depth = 0;
        for (var i = start; i < lines.Length && i < start + 2000; i++)
        {
            if (lines[i].Length > CulpritSource.MaxReadLine) return null;
            foreach (var c in BraceLineText.Code(lines[i]))
            {
                if (c == '{') depth++;
                else if (c == '}' && --depth == 0) return i - 1 >= start + 1 ? (start + 1, i - 1) : null;
            }
        }
        return null;
    }
}
