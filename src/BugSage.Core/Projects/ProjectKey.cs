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
    public DateTime CreatedAt { get; set; }
}
