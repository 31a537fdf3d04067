using BugSage.Core.Documents;

namespace BugSage.Server.Documents;

/// <summary>A file to add to an organization's (or one project's) documents; <see cref="Content"/> is read only once the caller may upload.</summary>
public sealed record DocumentUpload(long? OrganizationId, long? ProjectId, string? Title, string? FileName, long Length, Stream? Content);

/// <summary>A document as the API answers it.</summary>
public sealed record DocumentDto(long Id, long OrganizationId, long? ProjectId, string Title, string FileName, string ContentType, long Size, string Sha256,
    string Status, int Chunks, string CreatedBy, DateTime CreatedAt, DocumentJobDto? Job);

/// <summary>The work of making a document searchable: queued, extracting, chunking, indexing, then ready or failed with its reason.</summary>
public sealed record DocumentJobDto(long Id, long DocumentId, string Status, int Progress, string? Reason, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt)
{
    public static DocumentJobDto From(DocumentJob job) =>
        new(job.Id, job.DocumentId, DocumentJob.PublicStatus(job.Status, job.Stage), job.Progress, job.Error, job.CreatedAt, job.StartedAt, job.FinishedAt);
}
