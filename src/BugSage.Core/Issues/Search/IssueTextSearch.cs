using System.Text;
using System.Text.RegularExpressions;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Issues.Search;

/// <summary>
/// Free-text search over issue titles and culprits, as a composable query of matching issue ids:
/// FTS5 on SQLite, <c>tsvector</c> on PostgreSQL. Every word must match, as a prefix; a quoted
/// phrase must match in order. User text only ever reaches the database as a parameter.
/// </summary>
public static partial class IssueTextSearch
{
    [GeneratedRegex(@"[\p{L}\p{N}_]+", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Word();

    public static IQueryable<long> MatchingIds(AppDbContext db, IReadOnlyList<string> terms)
    {
        var phrases = Phrases(terms);
        if (phrases.Count == 0) return db.Issues.Select(i => i.Id);
        if (db.Database.IsSqlite())
        {
            // FTS5 syntax: "phrase words"* per term, all terms required.
            var match = string.Join(" AND ", phrases.Select(p => "\"" + string.Join(' ', p) + "\"*"));
            return db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM issues_fts WHERE issues_fts MATCH {match}");
        }
        // tsquery syntax: words of a phrase follow each other (<->), the last one a prefix; terms AND-ed.
        var query = new StringBuilder();
        foreach (var p in phrases)
        {
            if (query.Length > 0) query.Append(" & ");
            query.Append('(').Append(string.Join(" <-> ", p.Select((w, i) => i == p.Count - 1 ? w + ":*" : w))).Append(')');
        }
        var tsquery = query.ToString();
        return db.Database.SqlQuery<long>($"SELECT id AS \"Value\" FROM issues WHERE search_vector @@ to_tsquery('simple', {tsquery})");
    }

    /// <summary>Each term's words, at most 16 terms of 16 words; terms without a word are left out.</summary>
    internal static List<List<string>> Phrases(IReadOnlyList<string> terms) =>
        terms.Select(t => UntrustedText.Matches(Word(), t.ToLowerInvariant(), 1024).Select(m => m.Value).Take(16).ToList())
            .Where(p => p.Count > 0).Take(16).ToList();
}
