namespace BugSage.Core.Accounts;

/// <summary>
/// One refresh token of a sign-in session, stored hashed. Rotating it creates the next token of
/// the same family; presenting an already rotated token revokes the whole family.
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string FamilyId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RotatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
