using BugSage.Core.Data;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Projects;

/// <summary>A project at a glance: counters, events per hour, the busiest issues and recent activity.</summary>
public sealed record ProjectOverview(
    double EventsPerMinute, int NewIssues24h, int Unresolved, int Regressed,
    IReadOnlyList<(DateTime Hour, long Count)> Hourly, IReadOnlyList<(Issue Issue, long Count)> TopIssues,
    IReadOnlyList<(IssueActivity Activity, string IssueTitle)> Activity)
{
    /// <summary>Events per minute as shown: two decimals below one, one above.</summary>
    public static string Rate(double perMinute) =>
        perMinute.ToString(perMinute < 1 ? "0.##" : "0.#", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The overview of a project; the caller has passed the access gate.</summary>
    internal static async Task<ProjectOverview> LoadAsync(AppDbContext db, long projectId, DateTime now, CancellationToken ct)
    {
        var thisHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var since = thisHour.AddHours(-23);
        var issues = db.Issues.AsNoTracking().Where(i => i.ProjectId == projectId);
        var hours = await (from h in db.IssueHourlyCounts.AsNoTracking()
                           join i in issues on h.IssueId equals i.Id
                           where h.Hour >= since
                           select new { h.IssueId, h.Hour, h.Count }).ToListAsync(ct);
        var hourly = Enumerable.Range(0, 24).Select(k => since.AddHours(k))
            .Select(h => (h, hours.Where(x => x.Hour == h).Sum(x => x.Count))).ToList();

        // The last 60 minutes: this hour so far plus the matching share of the hour before.
        var share = 1 - (now - thisHour).TotalMinutes / 60;
        var lastHour = hourly[^1].Item2 + hourly[^2].Item2 * share;

        var top = hours.GroupBy(h => h.IssueId).Select(g => (Id: g.Key, Count: g.Sum(x => x.Count)))
            .OrderByDescending(x => x.Count).Take(5).ToList();
        var topIds = top.Select(t => t.Id).ToList();
        var topIssues = await issues.Where(i => topIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);

        var activity = await (from a in db.IssueActivities.AsNoTracking()
                              join i in issues on a.IssueId equals i.Id
                              orderby a.Id descending
                              select new { Activity = a, i.Title }).Take(15).ToListAsync(ct);
        var dayAgo = now.AddDays(-1);
        return new ProjectOverview(
            lastHour / 60,
            await issues.CountAsync(i => i.FirstSeen >= dayAgo, ct),
            await issues.CountAsync(i => i.Status == IssueStatus.Unresolved, ct),
            await issues.CountAsync(i => i.Status == IssueStatus.Unresolved && i.Substatus == IssueSubstatus.Regressed, ct),
            hourly,
            top.Where(t => topIssues.ContainsKey(t.Id)).Select(t => (topIssues[t.Id], t.Count)).ToList(),
            activity.Select(a => (a.Activity, a.Title)).ToList());
    }
}
