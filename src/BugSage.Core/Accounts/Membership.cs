namespace BugSage.Core.Accounts;

/// <summary>A user's role in an organization.</summary>
public sealed class Membership
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public long UserId { get; set; }
    public required string Role { get; set; }
    public DateTime CreatedAt { get; set; }
}
