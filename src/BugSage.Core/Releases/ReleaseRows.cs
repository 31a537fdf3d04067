using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Releases;

/// <summary>Creates a release's row in each of its projects, alongside the digest, which creates them as events name releases.</summary>
public static class ReleaseRows
{
    /// <summary>
    /// Rows for <paramref name="version"/> in each project that lacks one. The same statement the
    /// digest runs (ON CONFLICT DO NOTHING), so a pipeline and an arriving event never collide.
    /// </summary>
    public static async Task EnsureAsync(AppDbContext db, IEnumerable<long> projectIds, string version, DateTime firstSeen, CancellationToken ct)
    {
        foreach (var projectId in projectIds)
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO releases (project_id, version, first_seen, status) VALUES ({projectId}, {version}, {firstSeen}, 'open') ON CONFLICT (project_id, version) DO NOTHING", ct);
    }
}
