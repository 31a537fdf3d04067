namespace BugSage.Core.Autofix.Reproduction;

/// <summary>A function's parameter list as written: the text between its parentheses, split at the top level.</summary>
internal static class Signature
{
    /// <summary>The text between the parenthesis at <paramref name="open"/> and its match, or null when it is not closed.</summary>
    public static string? Between(string source, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < source.Length; i++)
        {
            var c = source[i];
            if (quote is { } q)
            {
                if (c == '\\') i++;
                else if (c == q) quote = null;
                continue;
            }
            switch (c)
            {
                case '\'' or '"' or '`': quote = c; break;
                case '(' or '[' or '{': depth++; break;
                case ')' or ']' or '}':
                    if (--depth == 0) return source[(open + 1)..i];
                    break;
            }
        }
        return null;
    }

    /// <summary>Parameters split at commas outside brackets and strings; empty ones (a trailing comma) dropped.</summary>
    public static IReadOnlyList<string> Split(string parameters) =>
        [.. Pieces(parameters).Select(p => p.Text.Trim()).Where(p => p.Length > 0)];

    /// <summary>
    /// A call's arguments split the same way, each as written (untrimmed) with where it starts in the text, for edits that
    /// rewrite one argument in place; none for a blank text.
    /// </summary>
    public static IReadOnlyList<(string Text, int At)> Pieces(string arguments)
    {
        var parts = new List<(string, int)>();
        if (arguments.Trim().Length == 0) return parts;
        var depth = 0;
        var start = 0;
        char? quote = null;
        for (var i = 0; i < arguments.Length; i++)
        {
            var c = arguments[i];
            if (quote is { } q)
            {
                if (c == '\\') i++;
                else if (c == q) quote = null;
                continue;
            }
            if (c is '\'' or '"' or '`') quote = c;
            else if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == ',' && depth == 0)
            {
                parts.Add((arguments[start..i], start));
                start = i + 1;
            }
        }
        parts.Add((arguments[start..], start));
        return parts;
    }
}
