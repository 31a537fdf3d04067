using System.Text;
using System.Text.RegularExpressions;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Issues.Search;

/// <summary>
/// Free-text search over issue titles and culprits, as a composable query of the matching issues:
/// FTS5 on SQLite, <c>tsvector</c> on PostgreSQL. Every word must match, as a prefix; a quoted
/// phrase must match in order. User text only ever reaches the database as a parameter.
/// </summary>
public static partial class IssueTextSearch
{
    [GeneratedRegex(@"[\p{L}\p{N}_]+", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Word();

    /// <summary>
    /// The issues whose text matches every term, as a query the caller goes on filtering and ordering. On PostgreSQL
    /// the match is a predicate on the issue row itself (not an <c>IN</c> over a second scan of issues), so the planner
    /// weighs it with the project, status, level and tag filters and the sort in one plan: the GIN index when the words
    /// are rare, the sort's index with the match as a filter when they are common.
    /// </summary>
    public static IQueryable<Issue> Matching(AppDbContext db, IReadOnlyList<string> terms)
    {
        var phrases = Phrases(terms);
        if (phrases.Count == 0) return db.Issues;
        if (db.Database.IsSqlite())
        {
            // FTS5 syntax: "phrase words"* per term, all terms required.
            var match = string.Join(" AND ", phrases.Select(p => "\"" + string.Join(' ', p) + "\"*"));
            var ids = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM issues_fts WHERE issues_fts MATCH {match}");
            return db.Issues.Where(i => ids.Contains(i.Id));
        }
        var tsquery = TsQuery(phrases);
        return db.Issues.FromSql($"SELECT * FROM issues WHERE search_vector @@ to_tsquery('simple', {tsquery})");
    }

    /// <summary>
    /// tsquery syntax: words of a phrase follow each other (<c>&lt;-&gt;</c>), the last one a prefix; terms AND-ed.
    /// The prefix is written <c>(w | w:*)</c>, which matches exactly what <c>w:*</c> matches: PostgreSQL estimates a
    /// prefix alone at a flat 2% of rows, so "cannot gateway" (a word in every title and one in a tenth) looked like
    /// 40 issues and got a GIN scan of all 9,800; the exact word's frequency from the column's statistics lets the
    /// planner see a common word as common and read the sort's index instead.
    /// </summary>
    internal static string TsQuery(List<List<string>> phrases)
    {
        var query = new StringBuilder();
        foreach (var p in phrases)
        {
            if (query.Length > 0) query.Append(" & ");
            query.Append('(').Append(string.Join(" <-> ", p.Select((w, i) => i == p.Count - 1 ? $"({w} | {w}:*)" : w))).Append(')');
        }
        return query.ToString();
    }

    /// <summary>Each term's words, at most 16 terms of 16 words; terms without a word are left out.</summary>
    internal static List<List<string>> Phrases(IReadOnlyList<string> terms) =>
        terms.Select(t => UntrustedText.Matches(Word(), t.ToLowerInvariant(), 1024).Select(m => m.Value).Take(16).ToList())
            .Where(p => p.Count > 0).Take(16).ToList();
}
