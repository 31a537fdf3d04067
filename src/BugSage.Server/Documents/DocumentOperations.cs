using System.Security.Cryptography;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Documents;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Documents;

/// <summary>
/// An organization's documents (runbooks, architecture notes, postmortems) for the assistant and
/// analyses: upload, follow the job that makes one searchable, list, read, delete, search.
/// Uploading and deleting need <see cref="Permission.ProjectWrite"/> (admins and owners), reading
/// and searching <see cref="Permission.ProjectRead"/>. The file's type is sniffed from its bytes
/// before anything is stored; reading its text happens later, in <see cref="DocumentWorker"/>.
/// </summary>
public sealed class DocumentOperations(AppDbContext db, ProjectAccess access, AuditLog audit, TimeProvider clock, DocumentWorker worker, IOptions<DocumentOptions> options,
    IDocumentEmbeddings embeddings)
{
    private const string NotWriter = "Only organization admins and owners add or remove documents.";
    public const int DefaultSearchLimit = 10;

    public async Task<OperationResult<DocumentJobDto>> UploadAsync(AccessScope actor, DocumentUpload upload, CancellationToken ct)
    {
        var scope = await ScopeAsync(actor, upload.OrganizationId, upload.ProjectId, Permission.ProjectWrite, NotWriter, ct);
        if (!scope.Succeeded) return scope.As<DocumentJobDto>();
        if (upload.Content is null) return Operation.Invalid<DocumentJobDto>("file", "required: the document, as a multipart field named file");
        var max = options.Value.MaxUploadBytes;
        if (upload.Length > max)
            return Operation.Refused<DocumentJobDto>(OperationStatus.TooLarge, "Document too large", $"The file has {upload.Length:N0} bytes; at most {max:N0} are accepted.");
        var title = upload.Title?.Trim();
        if (title is { Length: > DocumentLimits.TitleLength }) return Operation.Invalid<DocumentJobDto>("title", $"at most {DocumentLimits.TitleLength} characters");

        using var buffer = new MemoryStream();
        await upload.Content.CopyToAsync(buffer, ct);
        if (buffer.Length > max)
            return Operation.Refused<DocumentJobDto>(OperationStatus.TooLarge, "Document too large", $"At most {max:N0} bytes are accepted.");
        var content = buffer.ToArray();
        var fileName = Path.GetFileName(upload.FileName?.Trim() ?? "") is { Length: > 0 } name ? name.Storable().Truncate(DocumentLimits.FileNameLength) : "document";
        var (kind, refusal) = ContentSniffer.Sniff(content, fileName);
        if (content.Length == 0) return Operation.Invalid<DocumentJobDto>("file", "the file is empty");
        if (kind is null)
            return Operation.Refused<DocumentJobDto>(OperationStatus.UnsupportedMediaType, "Unsupported document type", $"{refusal}. PDF, Markdown, HTML and UTF-8 text are accepted.");

        var now = clock.GetUtcNow().UtcDateTime;
        var (orgId, projectId) = scope.Value;
        var document = new Document
        {
            OrganizationId = orgId,
            ProjectId = projectId,
            Title = string.IsNullOrEmpty(title) ? Path.GetFileNameWithoutExtension(fileName) is { Length: > 0 } stem ? stem : fileName : title.Storable(),
            FileName = fileName,
            ContentType = kind,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            CreatedBy = actor.Label.Truncate(320),
            CreatedAt = now,
        };
        // The document and its job are stored together or not at all: no document waits without a job.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Documents.Add(document);
        await db.SaveChangesAsync(ct);
        var job = new DocumentJob { DocumentId = document.Id, Content = content, CreatedAt = now, UpdatedAt = now };
        db.DocumentJobs.Add(job);
        audit.Record("document.uploaded", orgId, target: document.Title,
            details: new { document.Id, projectId, document.FileName, document.ContentType, document.Size, document.Sha256 });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        worker.Wake();
        return Operation.Created(DocumentJobDto.From(job));
    }

    public async Task<OperationResult<DocumentJobDto>> GetJobAsync(AccessScope actor, long jobId, CancellationToken ct)
    {
        var orgs = await ReadableOrganizationsAsync(actor, ct);
        var job = await (from j in db.DocumentJobs.AsNoTracking()
                         join d in db.Documents on j.DocumentId equals d.Id
                         where j.Id == jobId && orgs.Contains(d.OrganizationId)
                         select new DocumentJob
                         {
                             Id = j.Id, DocumentId = j.DocumentId, Status = j.Status, Stage = j.Stage, Progress = j.Progress, Error = j.Error,
                             CreatedAt = j.CreatedAt, StartedAt = j.StartedAt, FinishedAt = j.FinishedAt,
                         }).FirstOrDefaultAsync(ct);
        return job is null ? Operation.NotFound<DocumentJobDto>() : Operation.Ok(DocumentJobDto.From(job));
    }

    /// <summary>The organization's documents, newest first; with a project, only that project's.</summary>
    public async Task<OperationResult<Page<DocumentDto>>> ListAsync(AccessScope actor, long? organizationId, long? projectId, string? cursor, int? limit, CancellationToken ct)
    {
        var scope = await ScopeAsync(actor, organizationId, projectId, Permission.ProjectRead, null, ct);
        if (!scope.Succeeded) return scope.As<Page<DocumentDto>>();
        var (orgId, project) = scope.Value;
        var query = db.Documents.AsNoTracking().Where(d => d.OrganizationId == orgId);
        if (project is { } p) query = query.Where(d => d.ProjectId == p);
        if (cursor is not null)
        {
            if (!Cursor.TryDecode(cursor, out _, out var after)) return Operation.Invalid<Page<DocumentDto>>("cursor", "not a cursor this list gave");
            query = query.Where(d => d.Id < after);
        }
        var take = Cursor.Limit(limit);
        var rows = await query.OrderByDescending(d => d.Id).Take(take + 1).ToListAsync(ct);
        var details = await DetailsAsync(rows.Select(d => d.Id).ToList(), ct);
        return Operation.Ok(Cursor.ToPage(rows, take, d => ToDto(d, details), d => Cursor.Encode(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Id)));
    }

    public async Task<OperationResult<DocumentDto>> GetAsync(AccessScope actor, long documentId, CancellationToken ct)
    {
        var document = await FindAsync(actor, documentId, ct);
        if (document is null) return Operation.NotFound<DocumentDto>();
        return Operation.Ok(ToDto(document, await DetailsAsync([document.Id], ct)));
    }

    /// <summary>Deletes the document with its chunks (out of the search index at once) and its job.</summary>
    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, long documentId, CancellationToken ct)
    {
        var document = await FindAsync(actor, documentId, ct);
        if (document is null) return Operation.NotFound<bool>();
        if (!await access.CanAsync(actor, document.OrganizationId, Permission.ProjectWrite, ct)) return Operation.Forbidden<bool>(NotWriter);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.DocumentChunks.Where(c => c.DocumentId == documentId).ExecuteDeleteAsync(ct);
        await db.DocumentJobs.Where(j => j.DocumentId == documentId).ExecuteDeleteAsync(ct);
        await db.Documents.Where(d => d.Id == documentId).ExecuteDeleteAsync(ct);
        audit.Record("document.deleted", document.OrganizationId, target: document.Title, details: new { document.Id, document.ProjectId, document.FileName, document.Sha256 });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Operation.Ok(true);
    }

    /// <summary>
    /// The chunks that best answer <paramref name="query"/>: with a project, its documents and the
    /// organization-wide ones; without, all the organization's; by meaning too where the organization has
    /// an embedding model. The assistant's search_documents tool calls this.
    /// </summary>
    public async Task<OperationResult<List<DocumentMatch>>> SearchAsync(AccessScope actor, long? organizationId, long? projectId, string query, int limit, CancellationToken ct)
    {
        var scope = await ScopeAsync(actor, organizationId, projectId, Permission.ProjectRead, null, ct);
        if (!scope.Succeeded) return scope.As<List<DocumentMatch>>();
        if (string.IsNullOrWhiteSpace(query)) return Operation.Invalid<List<DocumentMatch>>("q", "required: the words to search for");
        if (query.Length > SearchQuery.MaxLength) return Operation.Invalid<List<DocumentMatch>>("q", $"at most {SearchQuery.MaxLength} characters");
        if (limit is < 1 or > DocumentSearch.MaxLimit) return Operation.Invalid<List<DocumentMatch>>("limit", $"1 to {DocumentSearch.MaxLimit}");
        var (orgId, project) = scope.Value;
        return Operation.Ok(await DocumentSearch.SearchAsync(db, embeddings, orgId, project, query, limit, ct));
    }

    /// <summary>
    /// The organization and project a request is about, if the actor may do <paramref name="needed"/> there:
    /// a project names its organization; without either, the actor's first organization.
    /// </summary>
    private async Task<OperationResult<(long Organization, long? Project)>> ScopeAsync(AccessScope actor, long? organizationId, long? projectId, Permission needed, string? refusal,
        CancellationToken ct)
    {
        if (projectId is { } pid)
        {
            var project = await access.ProjectAsync(actor, pid, needed, ct, refusal);
            if (!project.Succeeded) return project.As<(long, long?)>();
            if (organizationId is { } oid && oid != project.Value!.OrganizationId) return Operation.NotFound<(long, long?)>();
            return Operation.Ok<(long, long?)>((project.Value!.OrganizationId, pid));
        }
        var org = await access.OrganizationOrFirstAsync(actor, organizationId, ct);
        if (!org.Succeeded) return org.As<(long, long?)>();
        var allowed = await access.OrganizationAsync(actor, org.Value, needed, ct, refusal);
        return allowed.Succeeded ? Operation.Ok<(long, long?)>((org.Value, null)) : allowed.As<(long, long?)>();
    }

    /// <summary>The document, if it is in an organization where the actor may read.</summary>
    private async Task<Document?> FindAsync(AccessScope actor, long documentId, CancellationToken ct)
    {
        var orgs = await ReadableOrganizationsAsync(actor, ct);
        return await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && orgs.Contains(d.OrganizationId), ct);
    }

    private async Task<List<long>> ReadableOrganizationsAsync(AccessScope actor, CancellationToken ct) =>
        [.. await access.OrganizationsWhereAsync(actor, Permission.ProjectRead, ct)];

    /// <summary>Each document's chunk count and latest job, without the job's file.</summary>
    private async Task<(Dictionary<long, int> Chunks, Dictionary<long, DocumentJobDto> Jobs)> DetailsAsync(List<long> documentIds, CancellationToken ct)
    {
        var chunks = await db.DocumentChunks.Where(c => documentIds.Contains(c.DocumentId)).GroupBy(c => c.DocumentId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var jobs = await db.DocumentJobs.AsNoTracking().Where(j => documentIds.Contains(j.DocumentId))
            .Select(j => new DocumentJob
            {
                Id = j.Id, DocumentId = j.DocumentId, Status = j.Status, Stage = j.Stage, Progress = j.Progress, Error = j.Error,
                CreatedAt = j.CreatedAt, StartedAt = j.StartedAt, FinishedAt = j.FinishedAt,
            }).ToListAsync(ct);
        return (chunks, jobs.GroupBy(j => j.DocumentId).ToDictionary(g => g.Key, g => DocumentJobDto.From(g.MaxBy(j => j.Id)!)));
    }

    private static DocumentDto ToDto(Document d, (Dictionary<long, int> Chunks, Dictionary<long, DocumentJobDto> Jobs) details) =>
        new(d.Id, d.OrganizationId, d.ProjectId, d.Title, d.FileName, d.ContentType, d.Size, d.Sha256, d.Status,
            details.Chunks.GetValueOrDefault(d.Id), d.CreatedBy, d.CreatedAt, details.Jobs.GetValueOrDefault(d.Id));
}
