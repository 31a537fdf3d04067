using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Analytics;

/// <summary>
/// Caps the environments and releases that get rollup rows of their own: a project may have at most
/// <see cref="MaxEnvironments"/> environments and <see cref="MaxReleases"/> releases seen in the trailing
/// <see cref="ActiveDays"/> days; the excess of a flood of made-up names is folded into <see cref="Other"/>, so
/// one hour holds a bounded number of rollup rows whatever senders send. A value once admitted keeps its rows.
/// </summary>
public static class RollupDimensions
{
    public const int MaxEnvironments = 25;
    public const int MaxReleases = 250;
    public const int ActiveDays = 7;

    /// <summary>The bucket the excess goes to; the analytics answer lists it like a release or environment.</summary>
    public const string Other = "(other)";

    public const string Environment = "environment", Release = "release";

    /// <summary>Maps each (project, kind, value) to itself when admitted (admitting it if under the cap), else to <see cref="Other"/>.</summary>
    public static async Task<Func<long, string, string, string>> AdmitAsync(AppDbContext db,
        IEnumerable<(long Project, string Kind, string Value, DateTime Hour)> seen, CancellationToken ct)
    {
        var folded = new HashSet<(long, string, string)>();
        foreach (var project in seen.Where(v => v.Value != "" && v.Value != Other).GroupBy(v => v.Project))
        {
            var values = project.GroupBy(v => (v.Kind, v.Value)).Select(g => (g.Key.Kind, g.Key.Value, Hour: g.Max(v => v.Hour))).ToList();
            var names = values.Select(v => v.Value).Distinct().ToList();
            var known = (await db.RollupDimensions.AsNoTracking().Where(d => d.ProjectId == project.Key && names.Contains(d.Value))
                .Select(d => new { d.Kind, d.Value, d.LastSeen }).ToListAsync(ct)).ToDictionary(d => (d.Kind, d.Value), d => d.LastSeen);
            var active = new Dictionary<string, int>();
            foreach (var (kind, value, hour) in values.OrderBy(v => v.Value, StringComparer.Ordinal))
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
                    folded.Add((project.Key, kind, value));
                    continue;
                }
                active[kind] = count + 1;
                await BulkUpsert.ExecuteAsync(db, "INSERT INTO analytics_dimensions (project_id, kind, value, last_seen) VALUES",
                    "ON CONFLICT (project_id, kind, value) DO NOTHING", 4, [new object?[] { project.Key, kind, value, hour }], ct);
            }
        }
        return (project, kind, value) => folded.Contains((project, kind, value)) ? Other : value;
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
