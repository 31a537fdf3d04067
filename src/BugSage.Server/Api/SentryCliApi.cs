using BugSage.Core.SourceMaps.Storage;
using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using BugSage.Server.Operations;
using BugSage.Server.Releases;
using BugSage.Server.SourceMaps;

namespace BugSage.Server.Api;

/// <summary>
/// The part of Sentry's web API (under <c>/api/0/</c>) that <c>sentry-cli</c> 3.x (releases,
/// set-commits, deploys, sourcemaps upload) and the bundler plugins call, authenticated with
/// BugSage API tokens; organizations and projects by slug, as the CLI names them. Calls BugSage
/// does not serve answer 404 with a message that names them. Refusals carry a <c>detail</c>, the
/// field the CLI prints.
/// </summary>
public static class SentryCliApi
{
    public static RouteGroupBuilder MapSentryCliApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/0").WithTags("Sentry CLI");
        group.MapGet("/", AuthInfo).WithName("SentryAuthInfo").WithSummary("Who the token belongs to and its scopes (sentry-cli info)");
        var releases = group.MapGroup("/organizations/{org}/releases");
        releases.MapGet("/", (string org, AccessScope actor, ReleaseOperations ops, CancellationToken ct) => Cli(ops.ListAsync(actor, org, null, ct)))
            .WithName("SentryListReleases").WithSummary("The organization's releases, newest first");
        releases.MapPost("/", (string org, ReleaseRequest request, AccessScope actor, ReleaseOperations ops, CancellationToken ct) => Cli(ops.CreateAsync(actor, org, request, ct)))
            .WithName("SentryCreateRelease").WithSummary("Create a release for projects of the organization, or add projects to it");
        releases.MapGet("/{version}/", (string org, string version, AccessScope actor, ReleaseOperations ops, HttpContext http, CancellationToken ct) =>
            Cli(ops.GetAsync(actor, org, VersionSegments.FromRoute(version, http), ct))).WithName("SentryGetRelease").WithSummary("One release");
        releases.MapPut("/{version}/", (string org, string version, ReleaseRequest request, AccessScope actor, ReleaseOperations ops, HttpContext http, CancellationToken ct) =>
            Cli(ops.UpdateAsync(actor, org, VersionSegments.FromRoute(version, http), request, ct))).WithName("SentryUpdateRelease")
            .WithSummary("Finalize, archive or restore a release, set its URL, projects and commits (refs from linked repositories, or commits whole)");
        releases.MapDelete("/{version}/", async (string org, string version, AccessScope actor, ReleaseOperations ops, HttpContext http, CancellationToken ct) =>
        {
            var deleted = await ops.DeleteAsync(actor, org, VersionSegments.FromRoute(version, http), ct);
            return deleted.Succeeded ? TypedResults.NoContent() : Refusal(deleted);
        }).WithName("SentryDeleteRelease").WithSummary("Delete a release no event names");
        releases.MapGet("/{version}/commits/", (string org, string version, AccessScope actor, ReleaseOperations ops, HttpContext http, CancellationToken ct) =>
            Cli(ops.CommitsAsync(actor, org, VersionSegments.FromRoute(version, http), ct))).WithName("SentryReleaseCommits").WithSummary("The release's commits, newest first");
        releases.MapGet("/{version}/previous-with-commits/", async (string org, string version, AccessScope actor, ReleaseOperations ops, HttpContext http, CancellationToken ct) =>
        {
            var previous = await ops.PreviousWithCommitsAsync(actor, org, VersionSegments.FromRoute(version, http), ct);
            // sentry-cli reads an empty object as "none".
            return previous.Succeeded && previous.Value is null ? TypedResults.Json(new { }) : Answer(previous);
        }).WithName("SentryPreviousReleaseWithCommits").WithSummary("The release whose commits were set before this one's: where a local history starts");
        releases.MapGet("/{version}/deploys/", (string org, string version, AccessScope actor, ReleaseOperations ops, HttpContext http, CancellationToken ct) =>
            Cli(ops.DeploysAsync(actor, org, VersionSegments.FromRoute(version, http), ct))).WithName("SentryListDeploys").WithSummary("The release's deploys, newest first");
        releases.MapPost("/{version}/deploys/", (string org, string version, DeployRequest request, AccessScope actor, ReleaseOperations ops, HttpContext http, CancellationToken ct) =>
            Cli(ops.CreateDeployAsync(actor, org, VersionSegments.FromRoute(version, http), request, ct))).WithName("SentryCreateDeploy").WithSummary("Record a deploy of the release to an environment");
        group.MapGet("/organizations/{org}/repos/", (string org, AccessScope actor, ReleaseOperations ops, CancellationToken ct) => Cli(ops.RepositoriesAsync(actor, org, ct)))
            .WithName("SentryListRepositories").WithSummary("Repositories linked to the organization's projects, for set-commits --auto");
        group.MapGet("/projects/{org}/{project}/releases/", (string org, string project, AccessScope actor, ReleaseOperations ops, CancellationToken ct) =>
            Cli(ops.ListAsync(actor, org, project, ct))).WithName("SentryListProjectReleases").WithSummary("One project's releases, newest first");
        group.MapGet("/organizations/{org}/chunk-upload/", Options).WithName("ChunkUploadOptions")
            .WithSummary("Chunk-upload options for sentry-cli: chunk size, concurrency, hash, accepted artifact types");
        group.MapPost("/organizations/{org}/chunk-upload/", UploadChunks).WithName("UploadChunks")
            .WithSummary("Chunks of an upload, as multipart files named by their SHA-1 (file, or file_gzip)")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ArtifactLimits.MaxRequestBytes + 1024 * 1024));
        group.MapPost("/organizations/{org}/artifactbundle/assemble/", Assemble).WithName("AssembleArtifactBundle")
            .WithSummary("Join uploaded chunks into an artifact bundle (minified files, source maps, debug IDs) for projects of the organization");
        group.Map("/{**rest}", NotServed).ExcludeFromDescription();
        return group;
    }

    private static async Task<OperationAnswer<ChunkUploadOptions>> Options(string org, HttpRequest request, AccessScope actor, ArtifactUploadOperations uploads, PublicUrl publicUrl, CancellationToken ct)
    {
        var url = new Uri(publicUrl.Resolve(request), $"api/0/organizations/{Uri.EscapeDataString(org)}/chunk-upload/");
        return (await uploads.OptionsAsync(actor, org, url, ct)).ToHttp();
    }

    private static async Task<IResult> UploadChunks(string org, HttpRequest request, AccessScope actor, ArtifactUploadOperations uploads, CancellationToken ct)
    {
        if (await uploads.AccessAsync(actor, org, ct) is not OperationStatus.Ok and var refusal) return new OperationResult<int>(refusal).ToHttp();
        if (!request.HasFormContentType) return TypedResults.Problem("chunks are sent as multipart/form-data", statusCode: StatusCodes.Status400BadRequest);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem($"the form could not be read: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }
        var chunks = new List<ArrivedChunk>();
        foreach (var file in form.Files)
        {
            if (file.Name is not ("file" or "file_gzip")) continue;
            if (file.Length > ArtifactLimits.ChunkBytes) return TypedResults.Problem($"a chunk is larger than {ArtifactLimits.ChunkBytes} bytes", statusCode: StatusCodes.Status400BadRequest);
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            chunks.Add(new ArrivedChunk(file.FileName, buffer.ToArray(), file.Name == "file_gzip"));
        }
        var result = await uploads.SaveChunksAsync(actor, org, chunks, ct);
        return result.Status == OperationStatus.Ok ? TypedResults.Ok() : result.ToHttp();
    }

    private static async Task<IResult> Assemble(string org, AssembleRequest request, AccessScope actor, ArtifactUploadOperations uploads, CancellationToken ct) =>
        (await uploads.AssembleAsync(actor, org, request, ct)).ToHttp();

    private static IResult AuthInfo(AccessScope actor) =>
        TypedResults.Json(new { user = new { id = actor.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), email = actor.Label }, auth = new { scopes = actor.Scopes ?? ["*"] } });

    private static async Task<IResult> Cli<T>(Task<OperationResult<T>> operation) => Answer(await operation);

    private static IResult Answer<T>(OperationResult<T> result) =>
        result.Status switch
        {
            OperationStatus.Ok => TypedResults.Json(result.Value),
            OperationStatus.Created => TypedResults.Json(result.Value, statusCode: StatusCodes.Status201Created),
            _ => Refusal(result),
        };

    /// <summary>A refusal as problem details with a <c>detail</c> sentry-cli prints.</summary>
    private static IResult Refusal<T>(OperationResult<T> result)
    {
        var (status, title, detail) = result.Status switch
        {
            OperationStatus.NotFound => (StatusCodes.Status404NotFound, result.Title ?? "Not found", result.Detail ?? "no such organization, project or release for this token"),
            OperationStatus.Forbidden => (StatusCodes.Status403Forbidden, result.Title ?? "Forbidden", result.Detail ?? "the token may not change releases here (it needs the project:releases scope and a role that may)"),
            _ => (StatusCodes.Status400BadRequest, result.Title ?? "Invalid request",
                result.Detail ?? string.Join("; ", (result.Errors ?? new Dictionary<string, string[]>()).Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))),
        };
        return TypedResults.Problem(title: title, detail: detail, statusCode: status,
            extensions: result.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = result.Errors });
    }

    /// <summary>A clear answer for the rest of Sentry's API, so a pipeline's log says what is missing.</summary>
    private static IResult NotServed(HttpRequest request) =>
        TypedResults.Problem(
            title: "Not served by BugSage",
            detail: $"BugSage does not serve {request.Method} {request.Path} of the Sentry web API; see docs/releases.md for the calls it serves.",
            statusCode: StatusCodes.Status404NotFound);
}
