using System.Globalization;

namespace BugSage.Core.Assistant.Offline;

/// <summary>The things a question points at by name: issues (SHOP-7, issue 17), events, people and releases.</summary>
internal static class QuestionReferences
{
    private static readonly HashSet<string> IssueNouns = ["issue", "bug", "ticket"];
    private static readonly HashSet<string> NumberMarkers = ["#", "number", "no", "nr", "id"];

    /// <summary>
    /// A short id, the project's slug and the issue's number (<c>CHECKOUT-API-12</c>), uppercased
    /// because people type them in any case; null for anything else.
    /// </summary>
    public static string? ShortId(string word)
    {
        if (word.Length is < 3 or > 80 || EventId(word) is not null) return null;
        var dash = word.LastIndexOf('-');
        if (dash <= 0 || dash == word.Length - 1 || word.Length - dash - 1 > 12) return null;
        for (var i = dash + 1; i < word.Length; i++)
            if (!char.IsAsciiDigit(word[i])) return null;
        if (!char.IsAsciiLetter(word[0]) || word[dash - 1] == '-') return null;
        for (var i = 0; i < dash; i++)
            if (!(char.IsAsciiLetterOrDigit(word[i]) || (word[i] == '-' && word[i - 1] != '-'))) return null;
        return word.ToUpperInvariant();
    }

    /// <summary>A project named by its number, as people do when they have several: "project 4", "project #4".</summary>
    public static long? ProjectId(QuestionClause clause)
    {
        for (var i = clause.IndexOf("project"); i >= 0; i = clause.IndexOf("project", i + 1))
        {
            var next = i + 1 < clause.Count && NumberMarkers.Contains(clause[i + 1]) ? i + 2 : i + 1;
            if (next < clause.Count && !IsVersion(clause.Words[next].Text) && Number(clause[next]) is { } id and > 0) return id;
        }
        return null;
    }

    /// <summary>An event id: 32 hexadecimal digits, dashes allowed, given back as stored (lowercase, no dashes).</summary>
    public static string? EventId(string word)
    {
        if (word.Length is < 32 or > 40) return null;
        Span<char> hex = stackalloc char[32];
        var n = 0;
        foreach (var c in word)
        {
            if (c == '-') continue;
            if (!char.IsAsciiHexDigit(c) || n == 32) return null;
            hex[n++] = char.ToLowerInvariant(c);
        }
        return n == 32 ? new string(hex) : null;
    }

    /// <summary>An issue by its numeric id: "issue 17", "issue #17", "bug number 17" or a bare "#17".</summary>
    public static long? IssueNumber(QuestionClause clause)
    {
        for (var i = 0; i < clause.Count; i++)
        {
            var word = clause[i];
            if (word.Length > 1 && word[0] == '#' && Number(word[1..]) is { } tagged) return tagged;
            if (!IssueNouns.Contains(word)) continue;
            var j = i + 1;
            while (j < clause.Count && NumberMarkers.Contains(clause[j])) j++;
            var candidate = clause[j];
            if (candidate.StartsWith('#')) candidate = candidate[1..];
            if (Number(candidate) is { } id) return id;
        }
        return null;
    }

    public static long? Number(string word) =>
        word.Length is > 0 and <= 15 && long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    public static bool IsEmail(string word)
    {
        var at = word.IndexOf('@');
        return at > 0 && at == word.LastIndexOf('@') && word.IndexOf('.', at) > at + 1 && !word.EndsWith('.');
    }

    /// <summary>A release name as people write it: digits and dots with an optional v (<c>1.2.3</c>, <c>v2.4</c>).</summary>
    public static bool IsVersion(string word)
    {
        var s = word.StartsWith('v') || word.StartsWith('V') ? word[1..] : word;
        if (s.Length == 0 || !char.IsAsciiDigit(s[0]) || s.Length > 40) return false;
        var dots = 0;
        foreach (var c in s)
        {
            if (c == '.') dots++;
            else if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '+') return false;
        }
        return dots > 0 || s.Length < word.Length;
    }

    /// <summary>The first short id or numeric issue id the clause names.</summary>
    public static IssueTarget? Issue(QuestionClause clause)
    {
        foreach (var w in clause.Words)
            if (ShortId(w.Text) is { } shortId) return new IssueTarget(null, shortId);
        return IssueNumber(clause) is { } id ? new IssueTarget(id, null) : null;
    }

    /// <summary>Whether the clause speaks of an issue already in view ("it", "this", "that one").</summary>
    public static bool PointsBack(QuestionClause clause) => clause.HasAny("it", "this", "that", "these", "its");
}

/// <summary>An issue named by its numeric id or its short id.</summary>
internal sealed record IssueTarget(long? IssueId, string? ShortId);
