using System.IO.Compression;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.SourceMaps;
using BugSage.Core.SourceMaps.Reprocessing;
using BugSage.Core.SourceMaps.Storage;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;
using BugSage.Core.Releases;
using BugSage.Core.Validation;

namespace BugSage.Server.SourceMaps;

/// <summary>The chunk-upload options <c>sentry-cli</c> reads before it uploads (field names are the CLI's).</summary>
public sealed record ChunkUploadOptions(string Url, int ChunkSize, int ChunksPerRequest, long MaxFileSize, long MaxRequestSize, int Concurrency,
    string HashAlgorithm, IReadOnlyList<string> Compression, IReadOnlyList<string> Accept);

public sealed record AssembleRequest(
    [MaxLength(64)] string? Checksum, [MaxLength(1000), EachMaxLength(64)] List<string>? Chunks, [MaxLength(100), EachMaxLength(200)] List<string>? Projects,
    [MaxLength(ReleaseVersions.MaxLength)] string? Version, [MaxLength(64)] string? Dist);

public sealed record AssembleAnswer(string State, IReadOnlyList<string> MissingChunks, string? Detail);

/// <summary>A chunk as it arrived: its name (the SHA-1 the client claims) and its bytes, gzip-compressed or not.</summary>
public sealed record ArrivedChunk(string Name, byte[] Data, bool Gzipped);

/// <summary>
/// Source map uploads for an organization: members who may write releases upload chunks and
/// assemble artifact bundles for the organization's projects. Outside their organizations
/// everything answers not found. A bundle stored for a release queues a job per project that maps
/// that release's stored events again (see <see cref="ReprocessWorker"/>), off the upload's request.
/// </summary>
public sealed class ArtifactUploadOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, ArtifactStore store, SourceMapLookup lookup, AuditLog audit, ReprocessWorker reprocessing,
    ArtifactRetention retention, TimeProvider clock)
{
    public async Task<OperationResult<ChunkUploadOptions>> OptionsAsync(AccessScope actor, string organizationSlug, Uri chunkUrl, CancellationToken ct)
    {
        var (org, refusal) = await OrganizationAsync(actor, organizationSlug, ct);
        if (org is null) return new(refusal);
        return Operation.Ok(new ChunkUploadOptions(chunkUrl.ToString(), ArtifactLimits.ChunkBytes, ArtifactLimits.ChunksPerRequest, ArtifactLimits.MaxBundleBytes,
            ArtifactLimits.MaxRequestBytes, Concurrency: 2, "sha1", ["gzip"], ["artifact_bundles"]));
    }

    /// <summary>Whether the caller may upload for the organization: asked before a request body is read.</summary>
    public async Task<OperationStatus> AccessAsync(AccessScope actor, string organizationSlug, CancellationToken ct) =>
        (await OrganizationAsync(actor, organizationSlug, ct)).Refusal;

    public async Task<OperationResult<int>> SaveChunksAsync(AccessScope actor, string organizationSlug, IReadOnlyList<ArrivedChunk> chunks, CancellationToken ct)
    {
        var (org, refusal) = await OrganizationAsync(actor, organizationSlug, ct);
        if (org is null) return new(refusal);
        if (chunks.Count > ArtifactLimits.ChunksPerRequest) return Operation.Invalid<int>("file", $"at most {ArtifactLimits.ChunksPerRequest} chunks a request");
        // Chunks of uploads that never assembled (a CI job killed midway) go as new ones arrive.
        await store.DeleteStaleChunksAsync(ct);
        foreach (var chunk in chunks)
        {
            if (!ArtifactStore.IsChecksum(chunk.Name)) return Operation.Invalid<int>("file", "each chunk is named by the lower-case SHA-1 of its content");
            byte[] data;
            try
            {
                data = chunk.Gzipped ? Gunzip(chunk.Data) : chunk.Data;
            }
            catch (InvalidDataException)
            {
                return Operation.Invalid<int>("file_gzip", $"chunk {chunk.Name} is not valid gzip");
            }
            try
            {
                await store.SaveChunkAsync(org.Id, chunk.Name, data, ct);
            }
            catch (ArtifactUploadException e)
            {
                return Operation.Invalid<int>("file", e.Message);
            }
        }
        return Operation.Ok(chunks.Count);
    }

    public async Task<OperationResult<AssembleAnswer>> AssembleAsync(AccessScope actor, string organizationSlug, AssembleRequest request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<AssembleAnswer>(problems);
        var (org, refusal) = await OrganizationAsync(actor, organizationSlug, ct);
        if (org is null) return new(refusal);
        if (!ArtifactStore.IsChecksum(request.Checksum)) return Operation.Invalid<AssembleAnswer>("checksum", "the lower-case SHA-1 of the bundle");
        if (request.Chunks is not { } chunks || chunks.Any(c => !ArtifactStore.IsChecksum(c))) return Operation.Invalid<AssembleAnswer>("chunks", "the SHA-1 of each chunk, in order");
        var slugs = request.Projects ?? [];
        if (slugs.Count == 0) return Operation.Invalid<AssembleAnswer>("projects", "at least one project of the organization");
        var projects = await db.Projects.AsNoTracking().Where(p => p.OrganizationId == org.Id && slugs.Contains(p.Slug)).ToListAsync(ct);
        if (slugs.Except(projects.Select(p => p.Slug)).FirstOrDefault() is { } unknown)
            return Operation.Invalid<AssembleAnswer>("projects", $"no project '{unknown.Storable().Truncate(100)}' in organization {org.Slug}");

        var outcome = await store.AssembleBundleAsync(org.Id, projects, request.Checksum!, chunks, request.Version?.Truncate(250), request.Dist?.Truncate(64), ct);
        if (outcome.Stored)
        {
            // The projects' oldest releases' maps make room for this one's (BugSage:SourceMaps).
            await retention.ApplyAsync(projects.Select(p => p.Id).ToList(), ct);
            lookup.Forget(projects.Select(p => p.Id));
            audit.Record("artifact_bundle.uploaded", org.Id, target: string.Join(",", projects.Select(p => p.Slug)), details: new { request.Checksum, release = request.Version, request.Dist });
            var queued = outcome.Release is { } release && await QueueReprocessingAsync(projects.Select(p => p.Id).ToList(), release, ct);
            await db.SaveChangesAsync(ct);
            if (queued) reprocessing.Wake();
        }
        return Operation.Ok(new AssembleAnswer(outcome.State, outcome.MissingChunks, outcome.Detail));
    }

    /// <summary>
    /// Events of the release that arrived before its maps are mapped now, by a job per project; a job still waiting for the
    /// same release covers this upload too, so a CI run that uploads many bundles queues one.
    /// </summary>
    private async Task<bool> QueueReprocessingAsync(IReadOnlyList<long> projectIds, string release, CancellationToken ct)
    {
        var waiting = await db.ReprocessJobs.AsNoTracking()
            .Where(j => projectIds.Contains(j.ProjectId) && j.Release == release && j.Status == ReprocessJobStatus.Queued)
            .Select(j => j.ProjectId).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var jobs = projectIds.Except(waiting).Select(id => new ReprocessJob { ProjectId = id, Release = release, CreatedAt = now }).ToList();
        db.ReprocessJobs.AddRange(jobs);
        return jobs.Count > 0;
    }

    private async Task<(Organization? Organization, OperationStatus Refusal)> OrganizationAsync(AccessScope actor, string slug, CancellationToken ct)
    {
        var found = await access.OrganizationBySlugAsync(actor, slug, Permission.ReleaseWrite, ct);
        return (found.Value, found.Status);
    }

    /// <summary>A gzip-compressed chunk, inflated no further than a chunk may be.</summary>
    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            if (output.Length + read > ArtifactLimits.ChunkBytes) throw new InvalidDataException("the chunk inflates past the chunk size");
            output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }
}
