using BugSage.Core.Documents;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Documents;

/// <summary>REST adapter for <see cref="DocumentOperations"/>.</summary>
public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/documents").WithTags("Documents");
        group.MapPost("/", Upload).WithName("UploadDocument")
            .WithSummary("Add a PDF, Markdown, HTML or text document (multipart: file, organizationId or projectId, title); answers the job that makes it searchable");
        group.MapGet("/jobs/{jobId:long}", GetJob).WithName("GetDocumentJob").WithSummary("A document job's status (queued, extracting, chunking, indexing, ready, failed), progress and reason");
        group.MapGet("/", List).WithName("ListDocuments").WithSummary("The organization's (or one project's) documents, newest first");
        group.MapGet("/search", Search).WithName("SearchDocuments").WithSummary("The document chunks that best match the words, ranked, with a snippet each");
        group.MapGet("/{documentId:long}", Get).WithName("GetDocument").WithSummary("A document, its chunk count and its job");
        group.MapDelete("/{documentId:long}", Delete).WithName("DeleteDocument").WithSummary("Delete a document and its chunks (admins and owners)");
        return app;
    }

    /// <summary>Room for the form's other fields and the multipart framing around the file.</summary>
    private const long FormOverhead = 64 * 1024;

    private static async Task<IResult> Upload(HttpRequest request, AccessScope actor, DocumentOperations documents, IOptions<DocumentOptions> limits, CancellationToken ct)
    {
        if (!request.HasFormContentType) return Bad("file", "send the document as multipart/form-data, in a field named file");
        // The configured limit decides, not the server's general request cap; a body announced too large is not read at all.
        var max = limits.Value.MaxUploadBytes + FormOverhead;
        if (request.ContentLength > max) return TooLarge($"At most {limits.Value.MaxUploadBytes:N0} bytes are accepted.");
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = max;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem($"the form could not be read: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(e.Message);
        }
        if (!TryId(form, "organizationId", out var organizationId)) return Bad("organizationId", "a number");
        if (!TryId(form, "projectId", out var projectId)) return Bad("projectId", "a number");
        var file = form.Files.GetFile("file");
        await using var content = file?.OpenReadStream();
        var upload = new DocumentUpload(organizationId, projectId, form["title"].FirstOrDefault(), file?.FileName, file?.Length ?? 0, content);
        return (await documents.UploadAsync(actor, upload, ct)).ToAccepted(job => $"/api/v1/documents/jobs/{job.Id}");
    }

    private static async Task<OperationAnswer<DocumentJobDto>> GetJob(long jobId, AccessScope actor, DocumentOperations documents, CancellationToken ct) =>
        (await documents.GetJobAsync(actor, jobId, ct)).ToHttp();

    private static async Task<OperationAnswer<Page<DocumentDto>>> List(long? organizationId, long? projectId, string? cursor, int? limit, AccessScope actor, DocumentOperations documents, CancellationToken ct) =>
        (await documents.ListAsync(actor, organizationId, projectId, cursor, limit, ct)).ToHttp();

    private static async Task<OperationAnswer<DocumentDto>> Get(long documentId, AccessScope actor, DocumentOperations documents, CancellationToken ct) =>
        (await documents.GetAsync(actor, documentId, ct)).ToHttp();

    private static async Task<IResult> Delete(long documentId, AccessScope actor, DocumentOperations documents, CancellationToken ct) =>
        (await documents.DeleteAsync(actor, documentId, ct)).ToNoContent();

    private static async Task<OperationAnswer<List<DocumentMatch>>> Search(string? q, long? organizationId, long? projectId, int? limit, AccessScope actor, DocumentOperations documents, CancellationToken ct) =>
        (await documents.SearchAsync(actor, organizationId, projectId, q ?? "", limit ?? DocumentOperations.DefaultSearchLimit, ct)).ToHttp();

    private static bool TryId(IFormCollection form, string field, out long? id)
    {
        id = null;
        var text = form[field].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)) return false;
        id = value;
        return true;
    }

    private static IResult TooLarge(string detail) =>
        TypedResults.Problem(title: "Document too large", detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge);

    private static IResult Bad(string field, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] });
}
