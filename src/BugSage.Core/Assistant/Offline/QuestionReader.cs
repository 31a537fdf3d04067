namespace BugSage.Core.Assistant.Offline;

/// <summary>
/// Splits a question into words by a single forward scan, with no regular expression: the text is
/// untrusted and the cost must stay linear in its (capped) length.
/// </summary>
internal static class QuestionReader
{
    public static List<QuestionWord> Read(string text)
    {
        var words = new List<QuestionWord>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && IsWordChar(text[i])) i++;
            var (from, to) = Trim(text, start, i);
            if (from >= to) continue;
            // A trailing full stop trimmed off, or ? ! ; before the next word, closes a sentence.
            var endsSentence = text.AsSpan(to, i - to).Contains('.') || SentencePunctuationFollows(text, i);
            var raw = text[from..to].Replace('\u2019', '\'');
            words.Add(new QuestionWord(raw, Normalize(raw), from, to, endsSentence));
        }
        return words;
    }

    // Letters and digits, plus what ids, emails, versions and search filters are made of (SHOP-7, a@b.io, v1.2.3, level:fatal, #17, what's).
    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or '#' or '\'' or '\u2019' or ':' or '/' or '+';

    private static (int From, int To) Trim(string text, int from, int to)
    {
        while (from < to && text[from] is '\'' or '\u2019' or '.' or ':') from++;
        while (to > from && text[to - 1] is '\'' or '\u2019' or '.' or ':' or '-' or '_' or '/') to--;
        return (from, to);
    }

    private static bool SentencePunctuationFollows(string text, int i)
    {
        for (; i < text.Length && !IsWordChar(text[i]); i++)
            if (text[i] is '?' or '!' or ';') return true;
        return false;
    }

    private static string Normalize(string raw)
    {
        var lower = raw.ToLowerInvariant();
        return lower.Length > 2 && lower.EndsWith("'s", StringComparison.Ordinal) ? lower[..^2] : lower;
    }
}
