namespace BugSage.Core.Accounts;

/// <summary>A person who signs in to BugSage.</summary>
public sealed class User
{
    public long Id { get; set; }

    /// <summary>Stored lower-cased so lookups are case-insensitive on every provider.</summary>
    public required string Email { get; set; }
    public required string Name { get; set; }
    public required string PasswordHash { get; set; }
    public DateTime CreatedAt { get; set; }
}
