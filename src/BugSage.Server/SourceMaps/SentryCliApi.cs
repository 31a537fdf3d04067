using BugSage.Core.SourceMaps.Storage;
using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using BugSage.Server.Operations;

namespace BugSage.Server.SourceMaps;

/// <summary>
/// The part of Sentry's web API (under <c>/api/0/</c>) that <c>sentry-cli sourcemaps upload</c>
/// and the bundler plugins call, authenticated with BugSage API tokens. Calls BugSage does not
/// serve answer 404 with a message that names them.
/// </summary>
public static class SentryCliApi
{
    public static RouteGroupBuilder MapSentryCliApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/0").WithTags("Sentry CLI");
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

    private static async Task<IResult> Options(string org, HttpRequest request, AccessScope actor, ArtifactUploadOperations uploads, PublicUrl publicUrl, CancellationToken ct)
    {
        var url = new Uri(publicUrl.Resolve(request), $"api/0/organizations/{Uri.EscapeDataString(org)}/chunk-upload/");
        return (await uploads.OptionsAsync(actor, org, url, ct)).ToHttp();
    }

    private static async Task<IResult> UploadChunks(string org, HttpRequest request, AccessScope actor, ArtifactUploadOperations uploads, CancellationToken ct)
    {
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

    /// <summary>A clear answer for the rest of Sentry's API, so a pipeline's log says what is missing.</summary>
    private static IResult NotServed(HttpRequest request) =>
        TypedResults.Problem(
            title: "Not served by BugSage",
            detail: $"BugSage does not serve {request.Method} {request.Path} of the Sentry web API; see docs/releases.md for the calls it serves.",
            statusCode: StatusCodes.Status404NotFound);
}
