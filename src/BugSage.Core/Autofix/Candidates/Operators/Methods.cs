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
            found.Add(new Method(path, header.Groups["name"].Value, names, i, first, last, BodyIndent(lines, first, last)));
        }
        return found;
    }

    /// <summary>
    /// The indentation of the body's own statements: the shallowest of its lines that are not comments (a comment may sit
    /// deeper than the code it describes).
    /// </summary>
    private static string BodyIndent(string[] lines, int first, int last)
    {
        string? shallowest = null;
        for (var i = first; i <= last; i++)
        {
            var text = lines[i].TrimStart();
            if (text.Length == 0 || text.StartsWith('#') || text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith('*') || text.StartsWith("/*", StringComparison.Ordinal)) continue;
            var indent = lines[i][..(lines[i].Length - text.Length)];
            if (shallowest is null || indent.Length < shallowest.Length) shallowest = indent;
        }
        return shallowest ?? "";
    }

    /// <summary>
    /// How many times the repository's files define a function of that name, counted loosely (a one-line body, an arrow
    /// field, a header over several lines count too): a call is followed into a method only when this is one.
    /// </summary>
    public static int Definitions(string language, IEnumerable<string[]> files, string name)
    {
        var n = System.Text.RegularExpressions.Regex.Escape(name);
        var pattern = language switch
        {
            "python" => $@"^\s*(?:async\s+)?def\s+{n}\b",
            "javascript" => $@"(?:\bfunction\s*\*?\s*{n}\s*\(|^\s*(?:static\s+)?(?:async\s+)?(?:get\s+|set\s+)?{n}\s*(?:\([^)]*\)\s*\{{|=\s*(?:async\s*)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>))|\b{n}\s*:\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>)|\b(?:this|prototype)\.{n}\s*=(?![=>]))",
            "dotnet" => $@"^\s*(?:(?:{CSharpModifiers})\s+)*(?!(?:return|new|await|throw|else)\b)[\w<>\[\]?,.]+\s+{n}\s*(?:<[^>]*>)?\s*\(",
            _ => "$^",
        };
        var definition = OperatorText.Pattern(pattern);
        return files.Sum(lines => lines.Count(l => l.Length <= CulpritSource.MaxReadLine && definition.IsMatch(l)));
    }

    /// <summary>
    /// Per line, whether it is code where it starts: not inside a block comment or a string an earlier line opened
    /// (Python's triple quotes), nor a comment line.
    /// </summary>
    public static bool[] CodeLines(string language, string[] lines)
    {
        var code = new bool[lines.Length];
        if (language == "python")
        {
            var mask = PythonText.CodeMask(lines, out var continues);
            for (var i = 0; i < lines.Length; i++)
            {
                var at = lines[i].Length - lines[i].TrimStart().Length;
                code[i] = !continues[i] && at < mask[i].Length && mask[i][at];
            }
            return code;
        }
        // JavaScript and C#: a block comment, or (JavaScript) a template literal, opened on a line and not closed runs on.
        var state = Open.None;
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].TrimStart();
            code[i] = state == Open.None && !text.StartsWith("//", StringComparison.Ordinal) && !text.StartsWith("/*", StringComparison.Ordinal) && !text.StartsWith('*');
            if (lines[i].Length > CulpritSource.MaxReadLine) continue;
            state = Carry(lines[i], state, language == "javascript");
        }
        return code;
    }

    private enum Open { None, Comment, Template }

    /// <summary>
    /// What a line leaves open for the next: a block comment, or a template literal. Strings, regular expression literals
    /// (<c>/^\/*/</c> opens no comment) and a trailing <c>//</c> comment are read past.
    /// </summary>
    private static Open Carry(string line, Open state, bool javascript)
    {
        var previous = '\0';
        for (var c = 0; c < line.Length; c++)
        {
            var ch = line[c];
            switch (state)
            {
                case Open.Comment:
                    if (ch == '*' && c + 1 < line.Length && line[c + 1] == '/') (state, c) = (Open.None, c + 1);
                    continue;
                case Open.Template:
                    if (ch == '\\') c++;
                    else if (ch == '`') state = Open.None;
                    continue;
            }
            if (ch is '"' or '\'')
            {
                for (c++; c < line.Length && line[c] != ch; c++) if (line[c] == '\\') c++;
            }
            else if (ch == '`' && javascript) state = Open.Template;
            else if (ch == '/' && c + 1 < line.Length && line[c + 1] == '/') return state;
            else if (ch == '/' && c + 1 < line.Length && line[c + 1] == '*') (state, c) = (Open.Comment, c + 1);
            else if (ch == '/' && javascript && (previous == '\0' || "=(,:[!&|?{};".Contains(previous)))
            {
                // A regular expression literal: read to its closing slash, outside a character class.
                var inClass = false;
                for (c++; c < line.Length; c++)
                {
                    if (line[c] == '\\') c++;
                    else if (line[c] == '[') inClass = true;
                    else if (line[c] == ']') inClass = false;
                    else if (line[c] == '/' && !inClass) break;
                }
            }
            if (!char.IsWhiteSpace(ch)) previous = ch;
        }
        return state;
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
