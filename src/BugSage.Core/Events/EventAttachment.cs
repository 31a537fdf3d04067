namespace BugSage.Core.Events;

/// <summary>A file an SDK sent with an event.</summary>
public sealed class EventAttachment
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string EventId { get; set; }
    public required string Filename { get; set; }
    public string? ContentType { get; set; }
    public string? AttachmentType { get; set; }
    public long Size { get; set; }
    public required byte[] Data { get; set; }
    public DateTime CreatedAt { get; set; }
}
