namespace BugSage.Core.Releases;

/// <summary>
/// A commit that went into a release of an organization, as <c>sentry-cli releases set-commits</c>
/// sent it or as the linked repository's history holds it; newest first by <see cref="Position"/>.
/// </summary>
public sealed class ReleaseCommit
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string Version { get; set; }
    public required string Repository { get; set; }
    public required string Sha { get; set; }
    public string? Message { get; set; }
    public string? AuthorName { get; set; }
    public string? AuthorEmail { get; set; }
    public DateTime? Timestamp { get; set; }

    /// <summary>JSON array of <see cref="CommitFile"/>: the files the commit touched.</summary>
    public string Files { get; set; } = "[]";

    /// <summary>0 for the newest commit of the release.</summary>
    public int Position { get; set; }
}

/// <summary>A file a commit touched and how: <c>A</c>dded, <c>M</c>odified, <c>D</c>eleted.</summary>
public sealed record CommitFile(string Path, string Type);
