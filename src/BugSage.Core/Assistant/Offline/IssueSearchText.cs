namespace BugSage.Core.Assistant.Offline;

/// <summary>
/// The free text of an issue search: quoted phrases, exception-like names (TimeoutException,
/// KeyError, System.IO.IOException), and the unfamiliar words after "search for" / "find" / "mentioning".
/// </summary>
internal static class IssueSearchText
{
    private static readonly HashSet<string> Openers = ["search", "find", "grep", "mentioning", "containing", "matching", "named", "called", "titled", "message", "lookup"];

    // Words that are part of asking, or that another filter already turned into search syntax.
    private static readonly HashSet<string> Asking =
    [
        "for", "issues", "issue", "errors", "error", "bugs", "bug", "exceptions", "exception", "crashes", "crash", "problems", "problem",
        "search", "find", "grep", "mentioning", "containing", "matching", "named", "called", "titled", "message", "lookup", "look", "up",
        "unresolved", "resolved", "ignored", "open", "regressed", "regressions", "escalating", "new", "newest", "fatal", "warning", "warnings",
        "production", "prod", "staging", "release", "version", "environment", "env", "assigned", "unassigned", "top", "most", "latest",
        "recent", "recently", "last", "past", "today", "yesterday", "week", "weeks", "day", "days", "hour", "hours", "month", "mine", "none",
        "text", "word", "string", "that", "which", "where", "with",
    ];

    public static IEnumerable<string> Find(QuestionClause c, HashSet<int> used)
    {
        var found = new List<string>();
        foreach (var phrase in Quoted(c.Text, c.Words)) found.Add('"' + phrase + '"');
        var opener = -1;
        for (var i = 0; i < c.Count && opener < 0; i++)
            if (Openers.Contains(c[i])) opener = i;
        // Quotes counted once, left to right, as the words advance: linear in the question's length.
        var quotes = 0;
        var scanned = 0;
        for (var i = 0; i < c.Count; i++)
        {
            var word = c.Words[i];
            for (; scanned < word.Start; scanned++)
                if (IsQuote(c.Text[scanned])) quotes++;
            if (used.Contains(i) || quotes % 2 == 1) continue;
            var afterOpener = opener >= 0 && i > opener && !Asking.Contains(word.Lower) && !IssueSearchRequest.Stopwords.Contains(word.Lower)
                && !SpokenSpan.IsUnit(word.Lower) && QuestionReferences.Number(word.Lower) is null;
            if (afterOpener || IsSearchTerm(word.Text)) found.Add(word.Text);
        }
        return found;
    }

    /// <summary>
    /// A word that is a search on its own wherever it stands: an error's name, a URL path, or a filter
    /// already written in the search language (<c>browser:Chrome</c>, <c>is:unresolved</c>).
    /// </summary>
    public static bool IsSearchTerm(string word) =>
        LooksLikeErrorName(word) || (word.Length > 1 && word[0] == '/') || IsFilter(word);

    private static bool IsFilter(string word)
    {
        var colon = word.IndexOf(':');
        if (colon <= 0 || colon == word.Length - 1 || word.IndexOf(':', colon + 1) >= 0) return false;
        for (var i = 0; i < colon; i++)
            if (!char.IsAsciiLetter(word[i]) && word[i] is not '.' and not '_') return false;
        return true;
    }

    /// <summary>CamelCase names ending like an error type, or dotted type names: what a developer pastes from a log.</summary>
    public static bool LooksLikeErrorName(string word)
    {
        if (word.Length < 5 || !char.IsAsciiLetter(word[0])) return false;
        var inner = false;
        for (var i = 1; i < word.Length; i++) inner |= char.IsUpper(word[i]);
        return inner && (word.EndsWith("Exception", StringComparison.Ordinal) || word.EndsWith("Error", StringComparison.Ordinal)
            || word.EndsWith("Fault", StringComparison.Ordinal) || word.Contains("Exception", StringComparison.Ordinal));
    }

    // Text between double quotes, read by scanning (the question is untrusted; no pattern matching over it).
    private static IEnumerable<string> Quoted(string text, IReadOnlyList<QuestionWord> words)
    {
        if (words.Count == 0) yield break;
        var from = words[0].Start;
        var to = words[^1].End;
        // The quote before the first word may sit just outside the clause's words.
        if (from > 0 && text[from - 1] is '"' or '\u201C') from--;
        if (to < text.Length && text[to] is '"' or '\u201D') to++;
        var open = -1;
        for (var i = from; i < to; i++)
        {
            if (text[i] is not ('"' or '\u201C' or '\u201D')) continue;
            if (open < 0) open = i;
            else
            {
                var inside = text[(open + 1)..i].Trim();
                if (inside.Length > 0) yield return inside.Replace("\"", "", StringComparison.Ordinal);
                open = -1;
            }
        }
    }

    private static bool IsQuote(char c) => c is '"' or '\u201C' or '\u201D';
}
