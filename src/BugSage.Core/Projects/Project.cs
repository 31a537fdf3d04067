namespace BugSage.Core.Projects;

/// <summary>An application that reports errors; events and issues belong to one.</summary>
public sealed class Project
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Platform { get; set; }

    /// <summary>The number the next new issue's short id gets (<c>SLUG-n</c>).</summary>
    public long NextIssueNumber { get; set; } = 1;

    /// <summary>Custom fingerprint rules, one per line: <c>type:TimeoutError -> timeouts</c>.</summary>
    public string? FingerprintRules { get; set; }

    /// <summary>Extra key fragments to scrub, comma or newline separated.</summary>
    public string? SensitiveFields { get; set; }

    /// <summary>Keys never scrubbed, comma or newline separated.</summary>
    public string? SafeFields { get; set; }

    /// <summary>Drop the user's IP address before storing.</summary>
    public bool ScrubIpAddresses { get; set; }

    /// <summary>
    /// Whether a task handed to an outside coding agent carries the reproduction, whose test holds the values of the crash
    /// frame's local variables (scrubbed of secret-looking values, bounded). Off: the hand-off document leaves it out.
    /// </summary>
    public bool HandOffLocalVariables { get; set; } = true;

    /// <summary>Days an event is kept after it was received; null follows <c>BugSage:Retention:EventDays</c>.</summary>
    public int? EventRetentionDays { get; set; }

    public DateTime CreatedAt { get; set; }
}
