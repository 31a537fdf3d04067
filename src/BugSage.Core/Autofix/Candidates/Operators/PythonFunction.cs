using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// The Python function around a line, read by indentation: its <c>def</c> line (a header may run over
/// several lines), its parameters, the line its body starts at (after a docstring) and the line after
/// its last. Enough for operators that read and edit one function; anything that does not read as such
/// a function gives null.
/// </summary>
internal sealed partial class PythonFunction
{
    [GeneratedRegex(@"^(?<indent>[ \t]*)(?:async[ \t]+)?def[ \t]+(?<name>\w+)[ \t]*\(", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    internal static partial Regex Def();

    [GeneratedRegex(@"^[ \t]*", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex LeadingSpace();

    private PythonFunction(string[] lines, bool[][] code, bool[] continuesString, int header, int open, int headerEnd, string parameters, int body, int end)
    {
        Lines = lines;
        Code = code;
        ContinuesString = continuesString;
        Header = header;
        Open = open;
        HeaderEnd = headerEnd;
        ParameterText = parameters;
        Body = body;
        End = end;
    }

    public string[] Lines { get; }

    /// <summary>Per line, per character: whether it is code (<see cref="PythonText.CodeMask"/>), for the whole file.</summary>
    public bool[][] Code { get; }

    /// <summary>Per line: whether it starts inside a string an earlier line opened (a docstring's later lines).</summary>
    public bool[] ContinuesString { get; }

    /// <summary>The <c>def</c> line, 0-based.</summary>
    public int Header { get; }

    /// <summary>Where the parameter list's opening bracket is on the <c>def</c> line.</summary>
    public int Open { get; }

    /// <summary>The line the header's <c>:</c> ends.</summary>
    public int HeaderEnd { get; }

    /// <summary>The text between the parameter list's brackets (one line when the header is one line).</summary>
    public string ParameterText { get; }

    /// <summary>The first statement of the body, after a docstring.</summary>
    public int Body { get; }

    /// <summary>The line after the body's last.</summary>
    public int End { get; }

    public string Name => Def().Match(Lines[Header]).Groups["name"].Value;

    /// <summary>The body's indentation, as its first statement has it.</summary>
    public string BodyIndent => LeadingSpace().Match(Lines[Body]).Value;

    /// <summary>The parameters' names in order, with their default's text where they have one (<c>self</c> and <c>cls</c> included; <c>*args</c> and <c>**kwargs</c> not).</summary>
    public IReadOnlyList<(string Name, string? Default)> Parameters()
    {
        var found = new List<(string, string?)>();
        foreach (var parameter in Reproduction.Signature.Split(ParameterText))
        {
            var equals = TopLevelEquals(parameter);
            var declared = (equals < 0 ? parameter : parameter[..equals]).Split(':', 2)[0].Trim();
            if (declared is "/" or "*" || declared.StartsWith('*')) continue;
            found.Add((declared, equals < 0 ? null : parameter[(equals + 1)..].Trim()));
        }
        return found;
    }

    /// <summary>
    /// Whether a position in the header is where a parameter of this function is named: directly in the parameter list (not
    /// inside a default's own brackets or strings), right after its opening bracket or a comma.
    /// </summary>
    public bool IsParameterPosition(int line, int column)
    {
        var depth = 0;
        var last = '\0';
        for (var l = Header; l <= line; l++)
            for (var c = l == Header ? Open : 0; c < (l == line ? column : Lines[l].Length); c++)
            {
                if (!Code[l][c] || char.IsWhiteSpace(Lines[l][c])) continue;
                var ch = Lines[l][c];
                if (ch is '(' or '[' or '{') depth++;
                else if (ch is ')' or ']' or '}') depth--;
                last = ch;
            }
        return depth == 1 && last is '(' or ',';
    }

    /// <summary>Longer lines are not read: hand-written Python stays far below (formatters wrap at 79 to 120).</summary>
    public const int MaxLine = 500;

    /// <summary>The line ending the file uses, for lines an operator inserts.</summary>
    public string LineEnd => Lines[Body].EndsWith('\r') ? "\r" : "";

    /// <summary>
    /// The lines of the function's own scope, each with its index: the body without the bodies of functions and classes
    /// defined in it (their names are their own), code only (comments, blank lines and lines that continue a string left
    /// out), and no line past <see cref="MaxLine"/> characters (generated data, not statements anyone repairs), so the operators'
    /// patterns never meet a huge line.
    /// </summary>
    public IEnumerable<(int Index, string Line)> OwnLines()
    {
        var nested = -1;
        for (var i = Body; i < End; i++)
        {
            var line = Lines[i];
            var text = line.TrimStart();
            if (text.Length == 0 || text[0] == '#' || ContinuesString[i]) continue;
            var indent = Indent(line);
            if (nested >= 0 && indent > nested) continue;
            nested = NestedScope().IsMatch(line) ? indent : -1;
            if (nested >= 0 || line.Length > MaxLine) continue;
            OperatorText.Check();
            yield return (i, line);
        }
    }

    [GeneratedRegex(@"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+\w+", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex NestedScope();

    /// <summary>The function whose body holds line <paramref name="index"/>, or null.</summary>
    public static PythonFunction? Around(string[] lines, int index)
    {
        if (index < 0 || index >= lines.Length) return null;
        var code = PythonText.CodeMask(lines, out var continues);
        return Around(lines, index, code, continues);
    }

    /// <summary>The same, with the file's code mask already read (<see cref="CulpritSource.PythonCode"/>): a reader of many functions reads it once.</summary>
    public static PythonFunction? Around(string[] lines, int index, bool[][] code, bool[] continues)
    {
        if (index < 0 || index >= lines.Length) return null;
        var indent = Indent(lines[index]);
        for (var i = index - 1; i >= 0; i--)
        {
            if (lines[i].Length > MaxLine) continue;
            OperatorText.Check();
            var def = Def().Match(lines[i]);
            // A function above at the same depth or deeper is a sibling or a nested one, not the one around the line.
            if (!def.Success || Indent(def.Groups["indent"].Value) >= indent) continue;
            return Read(lines, code, continues, i, def) is { } function && function.Body <= index && index < function.End ? function : null;
        }
        return null;
    }

    private static PythonFunction? Read(string[] lines, bool[][] code, bool[] continues, int header, Match def)
    {
        // The header's brackets: the parameter list may run over lines.
        var open = def.Index + def.Length - 1;
        var depth = 0;
        int line = header, column = open, close = -1;
        for (; line < lines.Length && line < header + 40 && close < 0; line++, column = 0)
        {
            for (; column < lines[line].Length; column++)
            {
                var c = lines[line][column];
                // A bracket in a default's string ("(") is text, not the header's.
                if (!code[line][column]) continue;
                if (c is '(' or '[' or '{') depth++;
                else if (c is ')' or ']' or '}' && --depth == 0)
                {
                    close = column;
                    break;
                }
            }
            if (close >= 0) break;
        }
        if (close < 0) return null;
        var headerEnd = line;
        if (!lines[headerEnd][(close + 1)..].TrimEnd().EndsWith(':')) return null;
        var parameters = headerEnd == header ? lines[header][(open + 1)..close]
            : string.Join(' ', new[] { lines[header][(open + 1)..] }.Concat(lines[(header + 1)..headerEnd]).Append(lines[headerEnd][..close]));
        // Measured as every other line is, tabs expanded: a tab-indented method's body ends at its sibling.
        var defIndent = Indent(def.Groups["indent"].Value);
        var end = headerEnd + 1;
        // A line that continues a string (a docstring's text at any indentation) does not end the body.
        while (end < lines.Length && (lines[end].Trim().Length == 0 || Indent(lines[end]) > defIndent || continues[end])) end++;
        // Trailing blank lines belong to what follows.
        while (end > headerEnd + 1 && lines[end - 1].Trim().Length == 0) end--;
        var body = headerEnd + 1;
        while (body < end && lines[body].Trim() is var t && (t.Length == 0 || t.StartsWith('#'))) body++;
        if (body >= end) return null;
        body = AfterDocstring(lines, body, end);
        return body >= end ? null : new PythonFunction(lines, code, continues, header, open, headerEnd, parameters, body, end);
    }

    private static int AfterDocstring(string[] lines, int body, int end)
    {
        // A docstring may carry a string prefix (r, u): it is still the docstring.
        var first = lines[body].Trim() is var text && text.Length > 1 && text[0] is 'r' or 'R' or 'u' or 'U' && text[1] is '"' or '\'' ? text[1..] : lines[body].Trim();
        var quote = first.StartsWith("\"\"\"", StringComparison.Ordinal) ? "\"\"\"" : first.StartsWith("'''", StringComparison.Ordinal) ? "'''" : null;
        if (quote is null)
            return first.Length > 1 && first[0] is '"' or '\'' && first[^1] == first[0] && first.IndexOf(first[0], 1) == first.Length - 1 ? Next(lines, body + 1, end) : body;
        if (first.Length >= 6 && first.EndsWith(quote, StringComparison.Ordinal)) return Next(lines, body + 1, end);
        for (var i = body + 1; i < end; i++)
            if (lines[i].Contains(quote, StringComparison.Ordinal)) return Next(lines, i + 1, end);
        return end;
    }

    private static int Next(string[] lines, int from, int end)
    {
        while (from < end && lines[from].Trim() is var t && (t.Length == 0 || t.StartsWith('#'))) from++;
        return from;
    }

    private static int TopLevelEquals(string parameter)
    {
        var depth = 0;
        for (var i = 0; i < parameter.Length; i++)
        {
            var c = parameter[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == '=' && depth == 0 && (i + 1 >= parameter.Length || parameter[i + 1] != '=') && (i == 0 || parameter[i - 1] is not ('=' or '!' or '<' or '>'))) return i;
        }
        return -1;
    }

    public static int Indent(string line) => LeadingSpace().Match(line).Value.Replace("\t", "        ", StringComparison.Ordinal).Length;
}
