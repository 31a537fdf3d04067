namespace BugSage.Core.Events;

/// <summary>User feedback (a <c>user_report</c> or <c>feedback</c> item) linked to an event.</summary>
public sealed class UserReport
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public string? EventId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Comments { get; set; }
    public DateTime CreatedAt { get; set; }
}
