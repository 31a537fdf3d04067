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

    public async Task<List<Health>> ReadAsync(CancellationToken ct)
    {
        // The ragged hours from the hourly rows, whole days from the daily ones; a session that named no release counts nowhere.
        var hours = db.SessionHours.AsNoTracking().InHours(projectIds, range, range.HasWholeDays).OfEnvironmentAndRelease(range).Where(h => h.Release != "");
        var userHours = db.SessionUserHours.AsNoTracking().InHours(projectIds, range, range.HasWholeDays).OfEnvironmentAndRelease(range).Where(h => h.Release != "");
        var counts = await hours.GroupBy(h => h.Release).Select(g => new { Release = g.Key, Sessions = g.Sum(h => h.Sessions), Crashed = g.Sum(h => h.Crashed) }).ToListAsync(ct);
        var sketches = await userHours.Select(h => new { h.Release, h.Sketch, h.CrashedSketch }).ToListAsync(ct);
        if (range.HasWholeDays)
        {
            var days = db.SessionDays.AsNoTracking().InWholeDays(projectIds, range).OfEnvironmentAndRelease(range).Where(d => d.Release != "");
            var userDays = db.SessionUserDays.AsNoTracking().InWholeDays(projectIds, range).OfEnvironmentAndRelease(range).Where(d => d.Release != "");
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
