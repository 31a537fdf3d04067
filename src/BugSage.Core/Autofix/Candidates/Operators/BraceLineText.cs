namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// One line of JavaScript or C#, read just enough to tell code from text: string, character and template literals and a
/// trailing <c>//</c> comment are text. A line is read alone, so a string or comment opened on an earlier line is not seen;
/// the operators that use it look for patterns written on one line.
/// </summary>
internal static class BraceLineText
{
    /// <summary>Whether a position on a line is code: outside a literal and before a <c>//</c> comment's start.</summary>
    public static bool InCode(string line, int index)
    {
        char? quote = null;
        for (var i = 0; i < index && i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                if (c == '\\') i++;
                else if (c == q) quote = null;
            }
            else if (c is '"' or '\'' or '`') quote = c;
            else if (c == '/' && i + 1 < line.Length && line[i + 1] == '/') return false;
        }
        return quote is null;
    }

    /// <summary>The line's code characters, in order: literals' text and a trailing <c>//</c> comment left out.</summary>
    public static IEnumerable<char> Code(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                if (c == '\\') i++;
                else if (c == q) quote = null;
            }
            else if (c is '"' or '\'' or '`') quote = c;
            else if (c == '/' && i + 1 < line.Length && line[i + 1] == '/') yield break;
            else yield return c;
        }
    }
}
