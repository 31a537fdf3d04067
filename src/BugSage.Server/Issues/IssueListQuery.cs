using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Issues.Search;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Issues;

/// <summary>Turns the search language, a status filter and a sort into a keyset-paginated issue query.</summary>
internal static class IssueListQuery
{
    public static readonly string[] Sorts = ["lastSeen", "firstSeen", "count", "users"];

    public static IQueryable<Issue> Filter(AppDbContext db, long projectId, IssueQuery query, string? status, long callerId, DateTime now)
    {
        // The text match is the root of the query, so every filter below and the sort land in the same plan as it.
        var issues = (query.Text.Count > 0 ? IssueTextSearch.Matching(db, query.Text) : db.Issues).AsNoTracking().Where(i => i.ProjectId == projectId);
        var statuses = query.Statuses.ToList();
        if (!string.IsNullOrEmpty(status)) statuses.Add(status.ToLowerInvariant());
        // One status is an equality, not "= ANY(array)": PostgreSQL then reads (project, status, last seen) in order
        // and stops after a page; with an array it cannot trust that index's order and filters the whole project.
        if (statuses.Count == 1)
        {
            var only = statuses[0];
            issues = issues.Where(i => i.Status == only);
        }
        else if (statuses.Count > 1) issues = issues.Where(i => statuses.Contains(i.Status));
        if (query.Levels.Count > 0) issues = issues.Where(i => query.Levels.Contains(i.Level));
        if (query.HasUser) issues = issues.Where(i => i.UserCount > 0);
        if (query.Substatuses.Count > 0) issues = issues.Where(i => i.Substatus != null && query.Substatuses.Contains(i.Substatus));
        if (query.FirstSeenWithin is { } firstWithin)
        {
            var since = now - firstWithin;
            issues = issues.Where(i => i.FirstSeen >= since);
        }
        if (query.FirstSeenFrom is { } firstFrom) issues = issues.Where(i => i.FirstSeen >= firstFrom);
        if (query.FirstSeenBefore is { } firstBefore) issues = issues.Where(i => i.FirstSeen < firstBefore);
        if (query.LastSeenWithin is { } lastWithin)
        {
            var since = now - lastWithin;
            issues = issues.Where(i => i.LastSeen >= since);
        }
        if (query.FirstRelease is { } firstRelease) issues = issues.Where(i => i.FirstRelease == firstRelease);
        issues = query.Assigned?.ToLowerInvariant() switch
        {
            null => issues,
            "me" => issues.Where(i => i.AssigneeId == callerId),
            "none" => issues.Where(i => i.AssigneeId == null),
            var email => issues.Where(i => db.Users.Any(u => u.Id == i.AssigneeId && u.Email == email)),
        };
        foreach (var (key, value) in query.Tags)
            issues = issues.Where(i => db.IssueTags.Any(t => t.IssueId == i.Id && t.Key == key && t.Value == value));
        return issues;
    }

    /// <summary>
    /// Orders by the sort key then id, both descending, and resumes after <paramref name="after"/>
    /// (a sort key as <see cref="KeyOf"/> gives it, and an id). Each seek also bounds the key alone (<c>key &lt;= k</c>):
    /// the pair's <c>OR</c> cannot start an index range, the bound can, so a later page starts at its place in the
    /// sort's index instead of filtering the pages before it.
    /// </summary>
    public static IQueryable<Issue> SortAndSeek(IQueryable<Issue> issues, string sort, (long Key, long Id)? after)
    {
        switch (sort)
        {
            case "firstSeen":
                if (after is var (fsKey, fsId))
                {
                    var fs = new DateTime(fsKey, DateTimeKind.Utc);
                    issues = issues.Where(i => i.FirstSeen <= fs && (i.FirstSeen < fs || (i.FirstSeen == fs && i.Id < fsId)));
                }
                return issues.OrderByDescending(i => i.FirstSeen).ThenByDescending(i => i.Id);
            case "count":
                if (after is var (c, cId)) issues = issues.Where(i => i.Count <= c && (i.Count < c || (i.Count == c && i.Id < cId)));
                return issues.OrderByDescending(i => i.Count).ThenByDescending(i => i.Id);
            case "users":
                if (after is var (u, uId)) issues = issues.Where(i => i.UserCount <= u && (i.UserCount < u || (i.UserCount == u && i.Id < uId)));
                return issues.OrderByDescending(i => i.UserCount).ThenByDescending(i => i.Id);
            default:
                if (after is var (lsKey, lsId))
                {
                    var ls = new DateTime(lsKey, DateTimeKind.Utc);
                    issues = issues.Where(i => i.LastSeen <= ls && (i.LastSeen < ls || (i.LastSeen == ls && i.Id < lsId)));
                }
                return issues.OrderByDescending(i => i.LastSeen).ThenByDescending(i => i.Id);
        }
    }

    /// <summary>The sort key as one number: ticks for times, the value itself for counts.</summary>
    public static long KeyOf(Issue i, string sort) => sort switch
    {
        "firstSeen" => i.FirstSeen.Ticks,
        "count" => i.Count,
        "users" => i.UserCount,
        _ => i.LastSeen.Ticks,
    };

    public static bool IsValidKey(string sort, long key) =>
        sort is "count" or "users" ? key >= 0 : key >= DateTime.MinValue.Ticks && key <= DateTime.MaxValue.Ticks;
}
