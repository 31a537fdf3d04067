namespace BugSage.Core.Accounts;

/// <summary>An invitation to join an organization by link; the token is stored hashed.</summary>
public sealed class Invitation
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public required string TokenHash { get; set; }
    public long InvitedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
}
