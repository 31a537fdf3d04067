namespace BugSage.Core.Configuration;

/// <summary>The owner account created on first start, when the database is empty.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "BugSage:Bootstrap";

    public string AdminEmail { get; set; } = "admin@localhost";

    /// <summary>Empty: a password is generated and printed once.</summary>
    public string? AdminPassword { get; set; }
}
