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

    /// <summary>Failed sign-ins since the last success; drives the lockout backoff.</summary>
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime? LastSignInAt { get; set; }

    /// <summary>
    /// An instance-level role, apart from organization roles: server admins open organizations,
    /// link repositories by server path and name other server admins. The bootstrap owner is one.
    /// </summary>
    public bool IsServerAdmin { get; set; }
}
