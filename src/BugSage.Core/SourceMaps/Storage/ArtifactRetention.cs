using System.ComponentModel.DataAnnotations;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Core.SourceMaps.Storage;

/// <summary>How long uploaded source maps are kept (<c>BugSage:SourceMaps</c>).</summary>
public sealed class SourceMapsOptions
{
    public const string Section = "BugSage:SourceMaps";

    /// <summary>A project keeps the files of its newest this-many releases that have uploads; older releases' files go.</summary>
    [Range(1, 10_000)]
    public int KeepReleasesPerProject { get; set; } = 20;

    /// <summary>Files uploaded with no release (found by debug ID alone) are kept this many days.</summary>
    [Range(1, 3650)]
    public int KeepUnreleasedDays { get; set; } = 90;
}

/// <summary>
/// Retention of uploaded source maps, per release: a project keeps its newest releases' files
/// (by when their first bundle arrived) and recent files without a release; a bundle no project
/// holds files of any more is deleted, and file content no file refers to with it. Runs after
/// each upload and when a release is deleted, so storage follows what is uploaded.
/// </summary>
public sealed class ArtifactRetention(AppDbContext db, IOptions<SourceMapsOptions> options, TimeProvider clock)
{
    /// <summary>Applies retention to <paramref name="projectIds"/>; answers how many files were deleted.</summary>
    public async Task<int> ApplyAsync(IReadOnlyCollection<long> projectIds, CancellationToken ct)
    {
        var deleted = 0;
        var keep = options.Value.KeepReleasesPerProject;
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.KeepUnreleasedDays);
        foreach (var projectId in projectIds)
        {
            var releases = await db.ArtifactFiles.Where(f => f.ProjectId == projectId && f.Release != null)
                .GroupBy(f => f.Release!).Select(g => new { Release = g.Key, First = g.Min(f => f.CreatedAt) })
                .OrderByDescending(r => r.First).Skip(keep).Select(r => r.Release).ToListAsync(ct);
            foreach (var old in releases.Chunk(100))
                deleted += await db.ArtifactFiles.Where(f => f.ProjectId == projectId && f.Release != null && old.Contains(f.Release)).ExecuteDeleteAsync(ct);
            deleted += await db.ArtifactFiles.Where(f => f.ProjectId == projectId && f.Release == null && f.CreatedAt < before).ExecuteDeleteAsync(ct);
        }
        if (deleted > 0) await DeleteOrphansAsync(ct);
        return deleted;
    }

    /// <summary>Deletes the files a release's bundles left in <paramref name="projectIds"/> (the release itself was deleted).</summary>
    public async Task<int> ForgetReleaseAsync(IReadOnlyCollection<long> projectIds, string release, CancellationToken ct)
    {
        var deleted = await db.ArtifactFiles.Where(f => projectIds.Contains(f.ProjectId) && f.Release == release).ExecuteDeleteAsync(ct);
        if (deleted > 0) await DeleteOrphansAsync(ct);
        return deleted;
    }

    private async Task DeleteOrphansAsync(CancellationToken ct)
    {
        await db.ArtifactBundles.Where(b => !db.ArtifactFiles.Any(f => f.BundleId == b.Id)).ExecuteDeleteAsync(ct);
        await db.ArtifactBlobs.Where(b => !db.ArtifactFiles.Any(f => f.BlobChecksum == b.Checksum)).ExecuteDeleteAsync(ct);
    }
}
