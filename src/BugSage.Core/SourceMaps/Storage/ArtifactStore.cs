using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.SourceMaps.Storage;

/// <summary>How an assemble request ended, in the chunk-upload protocol's words.</summary>
/// <param name="Stored">Whether files were stored for a project that did not have them (the lookup's cache then forgets those projects).</param>
/// <param name="Release">The release the stored files are for (the request's, else the bundle manifest's), whose events may now be mapped.</param>
public sealed record AssembleOutcome(string State, IReadOnlyList<string> MissingChunks, string? Detail = null, bool Stored = false, string? Release = null)
{
    public static AssembleOutcome Ok(bool stored = false, string? release = null) => new("ok", [], Stored: stored, Release: release);
    public static AssembleOutcome NotFound(IReadOnlyList<string> missing) => new("not_found", missing);
    public static AssembleOutcome Error(string detail) => new("error", [], detail);
}

/// <summary>
/// Stores what <c>sentry-cli</c> uploads: chunks by checksum per organization, then artifact
/// bundles assembled from them (a zip with a manifest) into files per project, their content
/// deduplicated by checksum. Every size is bounded before it is read.
/// </summary>
public sealed class ArtifactStore(AppDbContext db, TimeProvider clock)
{
    // The chunk-upload protocol names content by SHA-1: an address chosen by the client for its own
    // content, checked so a chunk is what it says; nothing here relies on SHA-1 resisting collisions.
#pragma warning disable CA5350
    public static string Sha1(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA1.HashData(data));
#pragma warning restore CA5350

    public static bool IsChecksum(string? text) => text is { Length: 40 } && text.All(char.IsAsciiHexDigitLower);

    /// <summary>Keeps one chunk; its name must be the SHA-1 of its bytes.</summary>
    public async Task SaveChunkAsync(long organizationId, string checksum, byte[] data, CancellationToken ct)
    {
        if (data.Length > ArtifactLimits.ChunkBytes) throw new ArtifactUploadException($"a chunk is larger than {ArtifactLimits.ChunkBytes} bytes");
        if (Sha1(data) != checksum) throw new ArtifactUploadException($"chunk {checksum} does not match its content");
        if (await db.UploadChunks.AnyAsync(c => c.OrganizationId == organizationId && c.Checksum == checksum, ct)) return;
        db.UploadChunks.Add(new UploadChunk { OrganizationId = organizationId, Checksum = checksum, Data = data, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same chunk from a parallel request: it is there, which is all that was asked.
            db.ChangeTracker.Clear();
        }
    }

    public async Task<List<string>> MissingChunksAsync(long organizationId, IReadOnlyList<string> chunks, CancellationToken ct)
    {
        var wanted = chunks.Distinct().ToList();
        var present = await db.UploadChunks.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId && wanted.Contains(c.Checksum))
            .Select(c => c.Checksum).ToListAsync(ct);
        return wanted.Except(present).ToList();
    }

    /// <summary>
    /// Joins the chunks into the bundle, checks it against its checksum and stores its files for
    /// each project. Uploading a bundle that is already stored answers "ok" at once.
    /// </summary>
    public async Task<AssembleOutcome> AssembleBundleAsync(long organizationId, IReadOnlyList<Project> projects, string checksum, IReadOnlyList<string> chunks,
        string? release, string? dist, CancellationToken ct)
    {
        if (chunks.Count > ArtifactLimits.MaxChunksPerBundle) return AssembleOutcome.Error($"a bundle may have at most {ArtifactLimits.MaxChunksPerBundle} chunks");
        if (await db.ArtifactBundles.AsNoTracking().FirstOrDefaultAsync(b => b.OrganizationId == organizationId && b.Checksum == checksum, ct) is { } existing)
            return AssembleOutcome.Ok(await AddProjectsAsync(existing, projects, ct), existing.Release);
        var missing = await MissingChunksAsync(organizationId, chunks, ct);
        if (missing.Count > 0) return AssembleOutcome.NotFound(missing);

        await using var zip = new FileStream(Path.Combine(Path.GetTempPath(), "bugsage-bundle-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1))
        {
            foreach (var chunk in chunks)
            {
                var data = await db.UploadChunks.AsNoTracking().Where(c => c.OrganizationId == organizationId && c.Checksum == chunk).Select(c => c.Data).SingleAsync(ct);
                if (zip.Length + data.Length > ArtifactLimits.MaxBundleBytes) return AssembleOutcome.Error($"the bundle is larger than {ArtifactLimits.MaxBundleBytes} bytes");
                sha.AppendData(data);
                await zip.WriteAsync(data, ct);
            }
            if (Convert.ToHexStringLower(sha.GetHashAndReset()) != checksum) return AssembleOutcome.Error("the chunks do not add up to the bundle's checksum");
        }
        zip.Position = 0;

        try
        {
            var bundle = await ReadBundleAsync(zip, ct);
            release ??= bundle.Release;
            await SaveAsync(organizationId, projects, checksum, release, dist ?? bundle.Dist, bundle.Files, zip.Length, ct);
        }
        catch (ArtifactUploadException e)
        {
            return AssembleOutcome.Error(e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            // NotSupportedException: an entry compressed with a method .NET does not read.
            return AssembleOutcome.Error($"the bundle is not a valid zip file: {e.Message}");
        }
        catch (JsonException e)
        {
            return AssembleOutcome.Error($"the bundle's manifest is not JSON: {e.Message}");
        }
        await db.UploadChunks.Where(c => c.OrganizationId == organizationId && chunks.Contains(c.Checksum)).ExecuteDeleteAsync(ct);
        return AssembleOutcome.Ok(stored: true, release);
    }

    /// <summary>A stored bundle uploaded again for other projects (sentry-cli uploads per project): its files are added for them.</summary>
    private async Task<bool> AddProjectsAsync(ArtifactBundle bundle, IReadOnlyList<Project> projects, CancellationToken ct)
    {
        var ids = projects.Select(p => p.Id).ToList();
        var holding = await db.ArtifactFiles.AsNoTracking().Where(f => f.BundleId == bundle.Id && ids.Contains(f.ProjectId)).Select(f => f.ProjectId).Distinct().ToListAsync(ct);
        var missing = ids.Except(holding).ToList();
        if (missing.Count == 0) return false;
        var source = await db.ArtifactFiles.AsNoTracking().Where(f => f.BundleId == bundle.Id).Select(f => f.ProjectId).FirstOrDefaultAsync(ct);
        var files = await db.ArtifactFiles.AsNoTracking().Where(f => f.BundleId == bundle.Id && f.ProjectId == source).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var project in missing)
            db.ArtifactFiles.AddRange(files.Select(f => new ArtifactFile
            {
                BundleId = bundle.Id, ProjectId = project, Type = f.Type, Url = f.Url, DebugId = f.DebugId, SourceMapUrl = f.SourceMapUrl,
                Release = f.Release, Dist = f.Dist, BlobChecksum = f.BlobChecksum, Size = f.Size, CreatedAt = now,
            }));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>Deletes the chunks of uploads that never assembled.</summary>
    public Task<int> DeleteStaleChunksAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - ArtifactLimits.ChunkLifetime;
        return db.UploadChunks.Where(c => c.CreatedAt < before).ExecuteDeleteAsync(ct);
    }

    private sealed record BundleFile(string Type, string? Url, string? DebugId, string? SourceMapUrl, byte[] Data);

    private sealed record BundleContent(string? Release, string? Dist, List<BundleFile> Files);

    private static async Task<BundleContent> ReadBundleAsync(Stream zipStream, CancellationToken ct)
    {
        using var archive = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        var manifestEntry = archive.GetEntry("manifest.json") ?? throw new ArtifactUploadException("the bundle has no manifest.json");
        using var manifest = JsonDocument.Parse(await ReadEntryAsync(manifestEntry, ArtifactLimits.MaxManifestBytes, ct), new JsonDocumentOptions { MaxDepth = 16 });
        var root = manifest.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Object)
            throw new ArtifactUploadException("the manifest has no files");

        var result = new List<BundleFile>();
        long total = 0;
        foreach (var file in files.EnumerateObject())
        {
            if (result.Count >= ArtifactLimits.MaxFilesPerBundle) throw new ArtifactUploadException($"a bundle may hold at most {ArtifactLimits.MaxFilesPerBundle} files");
            if (file.Value.ValueKind != JsonValueKind.Object) throw new ArtifactUploadException($"the manifest's entry for {Shorten(file.Name)} is not an object");
            var type = Text(file.Value, "type") ?? throw new ArtifactUploadException($"the manifest's entry for {Shorten(file.Name)} has no type");
            if (!ArtifactTypes.All.Contains(type)) continue;
            var entry = archive.GetEntry(file.Name) ?? throw new ArtifactUploadException($"the manifest names {Shorten(file.Name)}, which the bundle does not hold");
            var data = await ReadEntryAsync(entry, ArtifactLimits.MaxFileBytes, ct);
            total += data.Length;
            if (total > ArtifactLimits.MaxBundleContentBytes) throw new ArtifactUploadException($"the bundle's files add up to more than {ArtifactLimits.MaxBundleContentBytes} bytes");
            var headers = file.Value.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object ? h : default;
            result.Add(new BundleFile(type, Text(file.Value, "url")?.Truncate(1024),
                DebugIds.Normalize(Header(headers, "debug-id") ?? Header(headers, "debug_id")),
                (Header(headers, "sourcemap") ?? Header(headers, "x-sourcemap"))?.Truncate(1024), data));
        }
        return new BundleContent(Text(root, "release")?.Truncate(250), Text(root, "dist")?.Truncate(64), result);
    }

    private async Task SaveAsync(long organizationId, IReadOnlyList<Project> projects, string checksum, string? release, string? dist, List<BundleFile> files, long size, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var bundle = new ArtifactBundle { OrganizationId = organizationId, Checksum = checksum, Release = release, Dist = dist, FileCount = files.Count, Size = size, CreatedAt = now };
        db.ArtifactBundles.Add(bundle);
        await db.SaveChangesAsync(ct);

        var stored = new HashSet<string>();
        foreach (var file in files)
        {
            var blob = Sha1(file.Data);
            if (stored.Add(blob) && !await db.ArtifactBlobs.AnyAsync(b => b.Checksum == blob, ct))
                db.ArtifactBlobs.Add(new ArtifactBlob { Checksum = blob, Data = file.Data, Size = file.Data.Length, CreatedAt = now });
            foreach (var project in projects)
                db.ArtifactFiles.Add(new ArtifactFile
                {
                    BundleId = bundle.Id, ProjectId = project.Id, Type = file.Type, Url = file.Url, DebugId = file.DebugId, SourceMapUrl = file.SourceMapUrl,
                    Release = release, Dist = dist, BlobChecksum = blob, Size = file.Data.Length, CreatedAt = now,
                });
            // Written as it goes: a bundle of thousands of files is not held twice over in the change tracker.
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>An entry's bytes, read no further than the limit whatever its header claims.</summary>
    private static async Task<byte[]> ReadEntryAsync(ZipArchiveEntry entry, long limit, CancellationToken ct)
    {
        if (entry.Length > limit) throw new ArtifactUploadException($"{Shorten(entry.FullName)} is larger than {limit} bytes");
        await using var stream = entry.Open();
        using var buffer = new MemoryStream((int)Math.Min(entry.Length, limit));
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw new ArtifactUploadException($"{Shorten(entry.FullName)} is larger than {limit} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Manifest headers as the CLI writes them, in any case.</summary>
    private static string? Header(JsonElement headers, string name)
    {
        if (headers.ValueKind != JsonValueKind.Object) return null;
        foreach (var h in headers.EnumerateObject())
            if (string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase) && h.Value.ValueKind == JsonValueKind.String) return h.Value.GetString();
        return null;
    }

    private static string Shorten(string name) => name.Storable().Truncate(200);
}
