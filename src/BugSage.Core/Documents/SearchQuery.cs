using System.Text.RegularExpressions;

namespace BugSage.Core.Documents;

/// <summary>
/// Turns untrusted search text into the words to look for. Only letters, digits and underscores
/// survive, so no operator, quote or column filter of FTS5 or tsquery can be written through it;
/// common English words are dropped (they match everything and rank nothing).
/// </summary>
public static partial class SearchQuery
{
    public const int MaxLength = 500;
    private const int MaxTerms = 32;

    [GeneratedRegex(@"[\p{L}\p{N}_]+", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Word();

    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "did", "for", "from", "how", "i", "if", "in", "into", "is", "it",
        "its", "me", "my", "no", "not", "of", "on", "or", "our", "so", "that", "the", "their", "then", "there", "these", "this", "to", "was", "we",
        "were", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your", "should", "would", "could", "after", "about", "again",
    ];

    /// <summary>The distinct lower-case words to search for, at most 32.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : UntrustedText.Matches(Word(), query.ToLowerInvariant(), MaxLength).Select(m => m.Value.Truncate(64))
                .Where(w => w.Any(char.IsLetterOrDigit) && !StopWords.Contains(w)).Distinct().Take(MaxTerms).ToList();

    /// <summary>An FTS5 MATCH expression: every term quoted (a string, never an operator), any term may match; null when none is left.</summary>
    public static string? Fts5Match(string? query)
    {
        var terms = Terms(query);
        return terms.Count == 0 ? null : string.Join(" OR ", terms.Select(t => "\"" + t + "\""));
    }
}
