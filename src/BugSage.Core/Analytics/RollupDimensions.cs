using System.Collections.Concurrent;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Analytics;

/// <summary>
/// Caps the environments and releases that get rollup rows of their own: a project may have at most
/// <see cref="MaxEnvironments"/> environments and <see cref="MaxReleases"/> releases seen in the trailing
/// <see cref="ActiveDays"/> days; the excess of a flood of made-up names is folded into <see cref="Other"/>, so
/// one hour holds a bounded number of rollup rows whatever senders send. A value once admitted keeps its rows.
/// "Seen" is the server's clock when the digest writes, never the event's own timestamp: a sender picks the
/// timestamp, and back-dating each made-up name into a week of its own would otherwise find every window empty.
/// </summary>
public sealed class RollupDimensions(TimeProvider clock)
{
    public const int MaxEnvironments = 25;
    public const int MaxReleases = 250;
    public const int ActiveDays = 7;

    /// <summary>The bucket the excess goes to; the analytics answer lists it like a release or environment.</summary>
    public const string Other = "(other)";

    public const string Environment = "environment", Release = "release";

    /// <summary>
    /// How long a name found over the cap is folded without asking the database again: a sender repeating the same
    /// made-up names costs no query per batch, and a slot that frees up is noticed within this time.
    /// </summary>
    public static readonly TimeSpan FoldedFor = TimeSpan.FromMinutes(10);

    /// <summary>At most this many folded names are remembered (the set is emptied when full): memory stays bounded under any flood.</summary>
    public const int MaxRemembered = 50_000;

    private readonly ConcurrentDictionary<(long Project, string Kind, string Value), DateTime> folded = new();

    /// <summary>Maps each (project, kind, value) to itself when admitted (admitting it if under the cap), else to <see cref="Other"/>.</summary>
    public async Task<Func<long, string, string, string>> AdmitAsync(AppDbContext db,
        IEnumerable<(long Project, string Kind, string Value)> seen, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hour = RollupChanges.HourOf(now);
        var foldedNow = new HashSet<(long, string, string)>();
        foreach (var project in seen.Where(v => v.Value != "" && v.Value != Other).Distinct().GroupBy(v => v.Project))
        {
            var values = new List<(string Kind, string Value)>();
            foreach (var v in project)
            {
                if (folded.TryGetValue(v, out var until) && until > now) foldedNow.Add(v);
                else values.Add((v.Kind, v.Value));
            }
            if (values.Count == 0) continue;
            var names = values.Select(v => v.Value).Distinct().ToList();
            var known = (await db.RollupDimensions.AsNoTracking().Where(d => d.ProjectId == project.Key && names.Contains(d.Value))
                .Select(d => new { d.Kind, d.Value, d.LastSeen }).ToListAsync(ct)).ToDictionary(d => (d.Kind, d.Value), d => d.LastSeen);
            var active = new Dictionary<string, int>();
            foreach (var (kind, value) in values.OrderBy(v => v.Value, StringComparer.Ordinal))
            {
                if (known.TryGetValue((kind, value), out var lastSeen))
                {
                    if (lastSeen < hour.AddDays(-1))
                        await db.RollupDimensions.Where(d => d.ProjectId == project.Key && d.Kind == kind && d.Value == value)
                            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSeen, hour), ct);
                    continue;
                }
                // Counted once per kind and batch, then kept up to date here: a flood of new names costs one query, not one each.
                if (!active.TryGetValue(kind, out var count))
                {
                    var since = hour.AddDays(-ActiveDays);
                    count = active[kind] = await db.RollupDimensions.CountAsync(d => d.ProjectId == project.Key && d.Kind == kind && d.LastSeen >= since, ct);
                }
                if (count >= (kind == Environment ? MaxEnvironments : MaxReleases))
                {
                    foldedNow.Add((project.Key, kind, value));
                    Remember((project.Key, kind, value), now + FoldedFor);
                    continue;
                }
                active[kind] = count + 1;
                await BulkUpsert.ExecuteAsync(db, "INSERT INTO analytics_dimensions (project_id, kind, value, last_seen) VALUES",
                    "ON CONFLICT (project_id, kind, value) DO NOTHING", 4, [new object?[] { project.Key, kind, value, hour }], ct);
            }
        }
        return (project, kind, value) => foldedNow.Contains((project, kind, value)) ? Other : value;
    }

    private void Remember((long, string, string) name, DateTime until)
    {
        if (folded.Count >= MaxRemembered) folded.Clear();
        folded[name] = until;
    }
}

/// <summary>An environment or release admitted to the rollups of a project, and the last hour it was seen.</summary>
public sealed class RollupDimension
{
    public long ProjectId { get; set; }

    /// <summary><c>environment</c> or <c>release</c>.</summary>
    public string Kind { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTime LastSeen { get; set; }
}
