namespace BugSage.Core.Accounts;

/// <summary>A security-relevant action: who did what to what, from where, when.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>The organization the action concerns; null for account-level actions such as sign-in.</summary>
    public long? OrganizationId { get; set; }
    public long? ActorUserId { get; set; }

    /// <summary>The actor as people read it: an email, <c>system</c>, or the email tried at a failed sign-in.</summary>
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? IpAddress { get; set; }
    public string? Details { get; set; }
    public DateTime CreatedAt { get; set; }
}
