namespace BugSage.Core.Accounts;

/// <summary>A personal API token: shown once, stored hashed, limited to its scopes.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the token, so people can tell their tokens apart.</summary>
    public required string Prefix { get; set; }
    public required string TokenHash { get; set; }

    /// <summary>Space-separated scopes, e.g. <c>project:read issue:write</c>.</summary>
    public required string Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
