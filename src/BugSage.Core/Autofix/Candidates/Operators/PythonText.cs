namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// Which characters of Python source are code: not comments, not the text of string literals (an
/// f-string's replacement fields are code). Operators that rename or search names use it so that a word
/// in a message or a docstring is never taken for the name.
/// </summary>
internal static class PythonText
{
    /// <summary>Per line, per character: whether it is code.</summary>
    public static bool[][] CodeMask(IReadOnlyList<string> lines) => CodeMask(lines, out _);

    /// <summary>Per line, per character: whether it is code; and per line, whether it starts inside a string that an earlier line opened.</summary>
    public static bool[][] CodeMask(IReadOnlyList<string> lines, out bool[] continuesString)
    {
        var mask = new bool[lines.Count][];
        continuesString = new bool[lines.Count];
        string? quote = null;
        bool f = false, raw = false;
        var fields = 0;
        for (var l = 0; l < lines.Count; l++)
        {
            var line = lines[l];
            var code = mask[l] = new bool[line.Length];
            continuesString[l] = quote is not null;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quote is null)
                {
                    if (c == '#') break;
                    if (c is '\'' or '"')
                    {
                        quote = i + 2 < line.Length && line[i + 1] == c && line[i + 2] == c ? new string(c, 3) : c.ToString();
                        var prefix = Prefix(line, i);
                        f = prefix.Contains('f', StringComparison.OrdinalIgnoreCase);
                        raw = prefix.Contains('r', StringComparison.OrdinalIgnoreCase);
                        fields = 0;
                        i += quote.Length - 1;
                        continue;
                    }
                    code[i] = true;
                    continue;
                }
                if (fields > 0)
                {
                    // Inside an f-string's replacement field: code until its brace closes.
                    if (c == '{') fields++;
                    else if (c == '}' && --fields == 0) continue;
                    code[i] = fields > 0;
                    continue;
                }
                if (c == '\\' && !raw)
                {
                    i++;
                    continue;
                }
                if (f && c == '{')
                {
                    if (i + 1 < line.Length && line[i + 1] == '{') i++;
                    else fields = 1;
                    continue;
                }
                if (line.AsSpan(i).StartsWith(quote, StringComparison.Ordinal))
                {
                    i += quote.Length - 1;
                    quote = null;
                }
            }
            // Only a triple-quoted string runs on past its line (a backslash continuation aside).
            if (quote is { Length: 1 } && !line.EndsWith('\\')) quote = null;
        }
        return mask;
    }

    private static string Prefix(string line, int quote)
    {
        var start = quote;
        while (start > 0 && char.IsAsciiLetter(line[start - 1]) && quote - start < 2) start--;
        // A prefix is a whole token: "if" before a quote is not one.
        return start > 0 && (char.IsAsciiLetterOrDigit(line[start - 1]) || line[start - 1] == '_') ? "" : line[start..quote];
    }
}
