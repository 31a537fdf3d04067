namespace BugSage.Core.Documents;

/// <summary>
/// A runbook, architecture note or postmortem an organization uploaded for the assistant and
/// analyses to search. Org-wide when <see cref="ProjectId"/> is null, else one project's.
/// </summary>
public sealed class Document
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public long? ProjectId { get; set; }
    public required string Title { get; set; }

    /// <summary>The name the file was uploaded under; shown, never trusted for its type.</summary>
    public required string FileName { get; set; }

    /// <summary>The type sniffed from the content (see <see cref="DocumentKind"/>).</summary>
    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>Hex SHA-256 of the uploaded bytes.</summary>
    public required string Sha256 { get; set; }

    /// <summary>See <see cref="DocumentStatus"/>.</summary>
    public string Status { get; set; } = DocumentStatus.Processing;

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Whether a document can be searched yet.</summary>
public static class DocumentStatus
{
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}
