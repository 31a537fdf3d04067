using BugSage.Core.Analytics;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>
/// Release health of a range by release: sessions started and crashed, and users with a session and with a crashed one,
/// as <see cref="RollupSeries"/> reads events (whole days from the daily rows, the ragged hours at the ends from the
/// hourly ones). Users are estimates from merged sketches (see <see cref="UserSketch"/>).
/// </summary>
internal sealed class ReleaseSessions(AppDbContext db, IReadOnlyList<long> projectIds, AnalyticsRange range)
{
    public sealed record Health(string Release, long Sessions, long Crashed, long Users, long CrashedUsers);

    private readonly DateTime firstDay = range.From == range.From.Date ? range.From : range.From.Date.AddDays(1);
    private readonly DateTime endDay = range.To.Date;

    private bool HasWholeDays => firstDay < endDay;

    public async Task<List<Health>> ReadAsync(CancellationToken ct)
    {
        var hours = db.SessionHours.AsNoTracking().Where(h => projectIds.Contains(h.ProjectId) && h.Hour >= range.From && h.Hour < range.To && h.Release != "");
        var userHours = db.SessionUserHours.AsNoTracking().Where(h => projectIds.Contains(h.ProjectId) && h.Hour >= range.From && h.Hour < range.To && h.Release != "");
        if (HasWholeDays)
        {
            hours = hours.Where(h => h.Hour < firstDay || h.Hour >= endDay);
            userHours = userHours.Where(h => h.Hour < firstDay || h.Hour >= endDay);
        }
        if (range.Environment is { } env)
        {
            hours = hours.Where(h => h.Environment == env);
            userHours = userHours.Where(h => h.Environment == env);
        }
        if (range.Release is { } release)
        {
            hours = hours.Where(h => h.Release == release);
            userHours = userHours.Where(h => h.Release == release);
        }
        var counts = await hours.GroupBy(h => h.Release).Select(g => new { Release = g.Key, Sessions = g.Sum(h => h.Sessions), Crashed = g.Sum(h => h.Crashed) }).ToListAsync(ct);
        var sketches = await userHours.Select(h => new { h.Release, h.Sketch, h.CrashedSketch }).ToListAsync(ct);
        if (HasWholeDays)
        {
            var days = db.SessionDays.AsNoTracking().Where(d => projectIds.Contains(d.ProjectId) && d.Day >= firstDay && d.Day < endDay && d.Release != "");
            var userDays = db.SessionUserDays.AsNoTracking().Where(d => projectIds.Contains(d.ProjectId) && d.Day >= firstDay && d.Day < endDay && d.Release != "");
            if (range.Environment is { } environment)
            {
                days = days.Where(d => d.Environment == environment);
                userDays = userDays.Where(d => d.Environment == environment);
            }
            if (range.Release is { } r)
            {
                days = days.Where(d => d.Release == r);
                userDays = userDays.Where(d => d.Release == r);
            }
            counts.AddRange(await days.GroupBy(d => d.Release).Select(g => new { Release = g.Key, Sessions = g.Sum(d => d.Sessions), Crashed = g.Sum(d => d.Crashed) }).ToListAsync(ct));
            sketches.AddRange(await userDays.Select(d => new { d.Release, d.Sketch, d.CrashedSketch }).ToListAsync(ct));
        }
        var users = new Dictionary<string, (UserSketch All, UserSketch Crashed)>();
        foreach (var s in sketches)
        {
            if (!users.TryGetValue(s.Release, out var merged)) users[s.Release] = merged = (new UserSketch(), new UserSketch());
            merged.All.MergeBytes(s.Sketch);
            merged.Crashed.MergeBytes(s.CrashedSketch);
        }
        return counts.GroupBy(c => c.Release).Select(g =>
        {
            var (all, crashed) = users.GetValueOrDefault(g.Key);
            return new Health(g.Key, g.Sum(c => c.Sessions), g.Sum(c => c.Crashed), all?.Estimate() ?? 0, crashed?.Estimate() ?? 0);
        }).ToList();
    }
}
