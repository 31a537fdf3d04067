namespace BugSage.Core.Issues;

/// <summary>
/// A release version of a project: created by a pipeline (<c>sentry-cli releases new</c>) or first
/// seen on an event, whichever came first. A release named for several projects has a row in each;
/// what a pipeline says of the release as a whole (finalized, URL, archived) is kept on every row.
/// </summary>
public sealed class Release
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string Version { get; set; }
    public DateTime FirstSeen { get; set; }

    /// <summary>When the release went out (<c>sentry-cli releases finalize</c>); null while it is being prepared.</summary>
    public DateTime? DateReleased { get; set; }
    public string? Url { get; set; }

    /// <summary><c>open</c>, or <c>archived</c> to hide it from the releases page.</summary>
    public string Status { get; set; } = "open";
}
