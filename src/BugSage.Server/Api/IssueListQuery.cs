using System.Globalization;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Issues.Search;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>Turns the search language, a status filter and a sort into a keyset-paginated issue query.</summary>
internal static class IssueListQuery
{
    public static readonly string[] Sorts = ["lastSeen", "firstSeen", "count", "users"];

    public static IQueryable<Issue> Filter(AppDbContext db, long projectId, IssueQuery query, string? status, long callerId)
    {
        var issues = db.Issues.AsNoTracking().Where(i => i.ProjectId == projectId);
        var statuses = query.Statuses.ToList();
        if (!string.IsNullOrEmpty(status)) statuses.Add(status.ToLowerInvariant());
        if (statuses.Count > 0) issues = issues.Where(i => statuses.Contains(i.Status));
        if (query.Levels.Count > 0) issues = issues.Where(i => query.Levels.Contains(i.Level));
        if (query.HasUser) issues = issues.Where(i => i.UserCount > 0);
        issues = query.Assigned?.ToLowerInvariant() switch
        {
            null => issues,
            "me" => issues.Where(i => i.AssigneeId == callerId),
            "none" => issues.Where(i => i.AssigneeId == null),
            var email => issues.Where(i => db.Users.Any(u => u.Id == i.AssigneeId && u.Email == email)),
        };
        foreach (var (key, value) in query.Tags)
            issues = issues.Where(i => db.IssueTags.Any(t => t.IssueId == i.Id && t.Key == key && t.Value == value));
        if (query.Text.Count > 0)
        {
            var matching = IssueTextSearch.MatchingIds(db, query.Text);
            issues = issues.Where(i => matching.Contains(i.Id));
        }
        return issues;
    }

    /// <summary>Orders by the sort key then id, both descending, and resumes after the cursor.</summary>
    public static IQueryable<Issue> SortAndSeek(IQueryable<Issue> issues, string sort, string? cursor)
    {
        var hasCursor = Cursor.TryDecode(cursor, out var value, out var id);
        switch (sort)
        {
            case "firstSeen":
                if (hasCursor && TryTime(value, out var fs)) issues = issues.Where(i => i.FirstSeen < fs || (i.FirstSeen == fs && i.Id < id));
                return issues.OrderByDescending(i => i.FirstSeen).ThenByDescending(i => i.Id);
            case "count":
                if (hasCursor && long.TryParse(value, CultureInfo.InvariantCulture, out var c)) issues = issues.Where(i => i.Count < c || (i.Count == c && i.Id < id));
                return issues.OrderByDescending(i => i.Count).ThenByDescending(i => i.Id);
            case "users":
                if (hasCursor && long.TryParse(value, CultureInfo.InvariantCulture, out var u)) issues = issues.Where(i => i.UserCount < u || (i.UserCount == u && i.Id < id));
                return issues.OrderByDescending(i => i.UserCount).ThenByDescending(i => i.Id);
            default:
                if (hasCursor && TryTime(value, out var ls)) issues = issues.Where(i => i.LastSeen < ls || (i.LastSeen == ls && i.Id < id));
                return issues.OrderByDescending(i => i.LastSeen).ThenByDescending(i => i.Id);
        }
    }

    public static string CursorFor(Issue i, string sort) => sort switch
    {
        "firstSeen" => Cursor.Encode(Time(i.FirstSeen), i.Id),
        "count" => Cursor.Encode(i.Count.ToString(CultureInfo.InvariantCulture), i.Id),
        "users" => Cursor.Encode(i.UserCount.ToString(CultureInfo.InvariantCulture), i.Id),
        _ => Cursor.Encode(Time(i.LastSeen), i.Id),
    };

    private static string Time(DateTime t) => t.Ticks.ToString(CultureInfo.InvariantCulture);

    private static bool TryTime(string s, out DateTime t)
    {
        var ok = long.TryParse(s, CultureInfo.InvariantCulture, out var ticks) && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks;
        t = ok ? new DateTime(ticks, DateTimeKind.Utc) : default;
        return ok;
    }
}
