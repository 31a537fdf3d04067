using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Issues.Search;
using BugSage.Server.Api;
using BugSage.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Dashboard.Issues;

/// <summary>One page of a project's issue list for the dashboard, through the same search and paging as the API.</summary>
public static class IssueLists
{
    public sealed record ListPage(IReadOnlyList<IssueRow> Rows, string? NextCursor, bool CanTriage, long OrganizationId, IReadOnlyList<Member> Members);

    public sealed record Member(long UserId, string Email);

    /// <summary>Who issues of an organization can be assigned to.</summary>
    public static Task<List<Member>> MembersAsync(AppDbContext db, long organizationId, CancellationToken ct) =>
        (from m in db.Memberships.AsNoTracking()
         join u in db.Users.AsNoTracking() on m.UserId equals u.Id
         where m.OrganizationId == organizationId
         orderby u.Email
         select new Member(u.Id, u.Email)).ToListAsync(ct);

    public static async Task<ListPage?> LoadAsync(
        AppDbContext db, AccessScope scope, long projectId, string? query, string? status, string sort, string? cursor, int limit, DateTime now, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return null;
        var filtered = IssueListQuery.Filter(db, projectId, IssueQuery.Parse(query), status, scope.UserId);
        var (items, next) = await IssueListPager.PageAsync(db, filtered, projectId, sort, cursor, limit, ct);
        var hourly = await HourlyAsync(db, items.Select(i => i.Id).ToList(), now, ct);
        var rows = items.Select(i => new IssueRow(i, IssueDto.FormatShortId(project.Slug, i.ShortNumber), hourly.GetValueOrDefault(i.Id) ?? new long[24])).ToList();
        return new ListPage(rows, next, await scope.CanAsync(project.OrganizationId, Permission.IssueWrite, ct), project.OrganizationId,
            await MembersAsync(db, project.OrganizationId, ct));
    }

    /// <summary>Events per hour over the 24 hours up to now, oldest first, for each issue.</summary>
    public static async Task<Dictionary<long, long[]>> HourlyAsync(AppDbContext db, IReadOnlyCollection<long> issueIds, DateTime now, CancellationToken ct)
    {
        var thisHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var from = thisHour.AddHours(-23);
        var counts = await db.IssueHourlyCounts.AsNoTracking()
            .Where(h => issueIds.Contains(h.IssueId) && h.Hour >= from)
            .Select(h => new { h.IssueId, h.Hour, h.Count }).ToListAsync(ct);
        var result = new Dictionary<long, long[]>();
        foreach (var c in counts)
        {
            var slot = (int)(c.Hour - from).TotalHours;
            if (slot is < 0 or > 23) continue;
            if (!result.TryGetValue(c.IssueId, out var series)) result[c.IssueId] = series = new long[24];
            series[slot] += c.Count;
        }
        return result;
    }
}
