using System.Text.Json.Nodes;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Imports;

/// <summary>
/// Imports a page of a project's Sentry releases: version, when it was created and released. A
/// version already here (from an earlier run, an event or a pipeline) is kept, and only learns
/// its release date if it had none.
/// </summary>
internal static class SentryReleaseImport
{
    /// <summary>Returns how many releases were new.</summary>
    public static async Task<int> ImportPageAsync(AppDbContext db, long projectId, SentryPage page, CancellationToken ct)
    {
        var releases = page.Items.OfType<JsonObject>()
            .Select(r => (Version: SentryProjectImport.Str(r, "version"), Created: r["dateCreated"].Timestamp(), Released: r["dateReleased"].Timestamp()))
            .Where(r => r.Version is { Length: > 0 and <= 250 })
            .GroupBy(r => r.Version!, StringComparer.Ordinal).Select(g => g.First())
            .ToList();
        var versions = releases.Select(r => r.Version!).ToList();
        var existing = await db.Releases.Where(r => r.ProjectId == projectId && versions.Contains(r.Version)).ToDictionaryAsync(r => r.Version, StringComparer.Ordinal, ct);
        var added = 0;
        foreach (var (version, created, released) in releases)
        {
            if (existing.TryGetValue(version!, out var release))
            {
                release.DateReleased ??= released;
                if (created is { } c && c < release.FirstSeen) release.FirstSeen = c;
                continue;
            }
            db.Releases.Add(new Release { ProjectId = projectId, Version = version!, FirstSeen = created ?? released ?? DateTime.UnixEpoch, DateReleased = released });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }
}
