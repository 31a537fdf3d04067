namespace BugSage.Core.Documents;

/// <summary>
/// The work of making one uploaded document searchable: a leased queue row holding the uploaded
/// bytes until they are extracted, chunked and indexed. The queue's own <see cref="Status"/>
/// (queued, running, ready, failed) is what leases need; <see cref="Stage"/> says where a running
/// job is, and <see cref="PublicStatus"/> joins the two for callers.
/// </summary>
public sealed class DocumentJob : Processing.ILeasedWork
{
    public long Id { get; set; }
    public long DocumentId { get; set; }

    /// <summary>See <see cref="Processing.LeasedWorkStatus"/>; a finished job is <see cref="DocumentJobStatus.Ready"/> or failed.</summary>
    public string Status { get; set; } = Processing.LeasedWorkStatus.Queued;

    /// <summary>See <see cref="DocumentJobStatus"/>: extracting, chunking or indexing while running.</summary>
    public string? Stage { get; set; }

    /// <summary>0 to 100.</summary>
    public int Progress { get; set; }

    /// <summary>Why the job failed, in words the uploader can act on.</summary>
    public string? Error { get; set; }

    /// <summary>The uploaded file, kept until the job ends so any node can run it.</summary>
    public byte[]? Content { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>queued, extracting, chunking, indexing, ready or failed.</summary>
    public static string PublicStatus(string status, string? stage) =>
        status == Processing.LeasedWorkStatus.Running ? stage ?? DocumentJobStatus.Extracting : status;
}

/// <summary>A document job's statuses as callers see them.</summary>
public static class DocumentJobStatus
{
    public const string Queued = Processing.LeasedWorkStatus.Queued;
    public const string Extracting = "extracting";
    public const string Chunking = "chunking";
    public const string Indexing = "indexing";
    public const string Ready = "ready";
    public const string Failed = Processing.LeasedWorkStatus.Failed;
}
