namespace BugSage.Core.Events;

/// <summary>An event as stored: indexed columns plus the compressed normalized payload.</summary>
public sealed class StoredEvent
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public long IssueId { get; set; }

    /// <summary>32 lower-case hex digits, as the SDK sent it.</summary>
    public required string EventId { get; set; }
    public DateTime Timestamp { get; set; }
    public DateTime ReceivedAt { get; set; }
    public string Level { get; set; } = "error";
    public string? Release { get; set; }
    public string? Environment { get; set; }
    public string? Message { get; set; }
    public string? UserKey { get; set; }

    /// <summary>The fingerprint hash the event was grouped by, so a merged hash can be split out again.</summary>
    public string? Hash { get; set; }

    /// <summary>Brotli-compressed JSON of the normalized, scrubbed event.</summary>
    public required byte[] Payload { get; set; }
}
