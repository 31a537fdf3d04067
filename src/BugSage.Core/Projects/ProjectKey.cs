namespace BugSage.Core.Projects;

/// <summary>A DSN key: what SDKs authenticate with.</summary>
public sealed class ProjectKey
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string PublicKey { get; set; }
    public string Label { get; set; } = "Default";
    public bool IsActive { get; set; } = true;

    /// <summary>Events per minute accepted with this key; null uses the server default.</summary>
    public int? RateLimitPerMinute { get; set; }

    /// <summary>
    /// For a key imported from Sentry, the Sentry project number its DSNs name: ingestion accepts it
    /// in place of this project's id, so an SDK moved from Sentry changes only the DSN's host.
    /// </summary>
    public long? SentryProjectId { get; set; }
    public DateTime CreatedAt { get; set; }
}
