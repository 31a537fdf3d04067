using System.Text;
using BugSage.Core.Data;
using BugSage.Core.SourceMaps.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core.SourceMaps;

/// <summary>
/// Finds the source map for a minified file at digest time: by the debug ID the event's
/// <c>debug_meta</c> gives the file first, then by release, dist and URL (with the <c>~/</c>
/// prefix <c>sentry-cli</c> writes), then through the file's <c>sourceMappingURL</c>. Parsed maps
/// are cached by content, bounded by size; what a file resolves to is cached for a minute (a
/// miss for ten seconds, so a map uploaded just after its first events is found soon).
/// Synchronous: it runs in the digest's parallel preparation, where most calls hit the cache.
/// </summary>
// CA1001: the cache is deliberately never disposed (see the field).
#pragma warning disable CA1001
public sealed class SourceMapLookup
#pragma warning restore CA1001
{
    /// <summary>Parsed maps held at once, counted by what each holds (<see cref="SourceArtifact.RetainedBytes"/>).</summary>
    public const long CacheBytes = 256L * 1024 * 1024;

    private static readonly TimeSpan Resolved = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Unresolved = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Never disposed: the digest may still be preparing acknowledged events while the host stops, and a disposed cache
    /// would fail them (the digest then dropped them as malformed). The cache holds no timer or handle; it goes with the process.
    /// </summary>
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CacheBytes, TrackStatistics = true });
    private readonly IServiceScopeFactory scopes;

    /// <summary>Bumped when a project gets new files: what its frames resolved to before is not looked at again.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> generations = new();

    public SourceMapLookup(IServiceScopeFactory scopes, Processing.BugSageMetrics metrics)
    {
        this.scopes = scopes;
        metrics.ObserveGauge("bugsage_sourcemap_cache_entries", () => cache.GetCurrentStatistics()?.CurrentEntryCount ?? 0, "Parsed source maps and file resolutions held by the source map cache.");
        metrics.ObserveGauge("bugsage_sourcemap_cache_bytes", () => cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0, $"Estimated size of the source map cache (bounded at {CacheBytes} bytes).");
    }

    /// <summary>The projects of <paramref name="projectIds"/> that have any uploaded artifacts: only their events are looked at.</summary>
    public static async Task<HashSet<long>> ProjectsWithArtifactsAsync(AppDbContext db, IReadOnlyCollection<long> projectIds, CancellationToken ct) =>
        (await db.ArtifactFiles.AsNoTracking().Where(f => projectIds.Contains(f.ProjectId)).Select(f => f.ProjectId).Distinct().ToListAsync(ct)).ToHashSet();

    /// <summary>
    /// Forgets what the projects' files resolved to (after an upload for them on this node), so new maps count at
    /// once here. Other projects' resolutions and every parsed map stay.
    /// </summary>
    public void Forget(IEnumerable<long> projectIds)
    {
        foreach (var id in projectIds) generations.AddOrUpdate(id, 1, (_, g) => g + 1);
    }

    public (SourceArtifact? Artifact, string? Problem) Find(long projectId, string fileUrl, string? debugId, string? release, string? dist)
    {
        var key = ("resolve", projectId, generations.GetValueOrDefault(projectId), fileUrl, debugId, release, dist);
        if (!cache.TryGetValue(key, out Resolution? resolution) || resolution is null)
        {
            resolution = Guarded(() => Resolve(projectId, fileUrl, debugId, release, dist), problem => new Resolution(null, null, problem));
            cache.Set(key, resolution, new MemoryCacheEntryOptions { Size = 256, AbsoluteExpirationRelativeToNow = resolution.MapBlob is null ? Unresolved : Resolved });
        }
        return resolution.MapBlob is null ? (null, resolution.Problem) : Artifact(resolution.MapBlob, resolution.MinifiedBlob);
    }

    /// <summary>
    /// What a file resolved to: the blobs of its map and minified file, never the parsed map itself, so every parsed map
    /// is held by the size-bounded entry alone and memory stays within <see cref="CacheBytes"/> however many files resolve.
    /// </summary>
    private sealed record Resolution(string? MapBlob, string? MinifiedBlob, string? Problem);

    /// <summary>Whatever uploaded text can do to the lookup costs the frame its mapping, never the event.</summary>
    private static T Guarded<T>(Func<T> read, Func<string, T> failed)
    {
        try
        {
            return read();
        }
        catch (SourceMapFormatException e)
        {
            return failed($"the source map could not be read: {e.Message}");
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException or System.Data.Common.DbException))
        {
            // In the digest a FormatException would read as a malformed item and drop it. A database failure still fails the
            // batch, to be retried.
            return failed($"the source map could not be read: {e.GetType().Name}");
        }
    }

    private Resolution Resolve(long projectId, string fileUrl, string? debugId, string? release, string? dist)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var files = db.ArtifactFiles.AsNoTracking().Where(f => f.ProjectId == projectId);

        if (debugId is not null)
        {
            var map = files.Where(f => f.DebugId == debugId && f.Type == ArtifactTypes.SourceMap).OrderByDescending(f => f.Id).Select(f => f.BlobChecksum).FirstOrDefault();
            if (map is null) return new(null, null, $"no source map was uploaded with debug ID {debugId}");
            var minified = files.Where(f => f.DebugId == debugId && f.Type == ArtifactTypes.MinifiedSource).OrderByDescending(f => f.Id).Select(f => f.BlobChecksum).FirstOrDefault();
            return new(map, minified, null);
        }
        if (release is null) return new(null, null, "the event names no release and the file has no debug ID");

        var candidates = ArtifactUrls.Candidates(fileUrl);
        var inRelease = files.Where(f => f.Release == release && (dist == null ? f.Dist == null : f.Dist == dist));
        var file = inRelease.Where(f => f.Url != null && candidates.Contains(f.Url) && f.Type == ArtifactTypes.MinifiedSource)
            .OrderByDescending(f => f.Id).Select(f => new { f.Url, f.BlobChecksum, f.SourceMapUrl }).FirstOrDefault();
        string? mapBlob = null;
        if (file is not null)
        {
            var reference = file.SourceMapUrl ?? MapReference(db, file.BlobChecksum);
            if (reference is not null && ArtifactUrls.Resolve(file.Url!, reference) is { } mapUrl)
                mapBlob = inRelease.Where(f => f.Url == mapUrl && f.Type == ArtifactTypes.SourceMap).OrderByDescending(f => f.Id).Select(f => f.BlobChecksum).FirstOrDefault();
        }
        if (mapBlob is null)
        {
            var mapCandidates = candidates.Select(c => c + ".map").ToList();
            mapBlob = inRelease.Where(f => f.Url != null && mapCandidates.Contains(f.Url) && f.Type == ArtifactTypes.SourceMap)
                .OrderByDescending(f => f.Id).Select(f => f.BlobChecksum).FirstOrDefault();
        }
        if (mapBlob is null)
            return new(null, null, file is null
                ? $"no file of release {release} matches {ArtifactUrls.Tilde(fileUrl) ?? fileUrl}"
                : $"release {release} holds {file.Url} but not its source map");
        return new(mapBlob, file?.BlobChecksum, null);
    }

    /// <summary>
    /// A parsed map by content, counted in the cache by what it holds. A map that cannot be read is remembered as such for
    /// a minute, so a broken upload is not read again for every event.
    /// </summary>
    private (SourceArtifact?, string?) Artifact(string mapBlob, string? minifiedBlob)
    {
        var key = ("artifact", mapBlob, minifiedBlob);
        if (cache.TryGetValue(key, out (SourceArtifact?, string?) held)) return held;
        var read = Guarded<(SourceArtifact?, string?)>(() =>
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var json = Blob(db, mapBlob) ?? throw new SourceMapFormatException("its content is missing");
            return (new SourceArtifact(SourceMap.Parse(json), minifiedBlob is null ? null : Text(db, minifiedBlob)), null);
        }, problem => (null, problem));
        cache.Set(key, read, read.Item1 is { } artifact
            ? new MemoryCacheEntryOptions { Size = artifact.RetainedBytes, SlidingExpiration = TimeSpan.FromMinutes(30) }
            : new MemoryCacheEntryOptions { Size = 256, AbsoluteExpirationRelativeToNow = Resolved });
        return read;
    }

    /// <summary>A minified file's <c>sourceMappingURL</c>, read once per content however many URLs lead to it.</summary>
    private string? MapReference(AppDbContext db, string blob) =>
        cache.GetOrCreate(("mapref", blob), entry =>
        {
            entry.Size = 512;
            entry.SlidingExpiration = TimeSpan.FromMinutes(30);
            return ArtifactUrls.SourceMappingUrl(Text(db, blob));
        });

    private static byte[]? Blob(AppDbContext db, string checksum) =>
        db.ArtifactBlobs.AsNoTracking().Where(b => b.Checksum == checksum).Select(b => b.Data).FirstOrDefault();

    private static string? Text(AppDbContext db, string checksum) => Blob(db, checksum) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
