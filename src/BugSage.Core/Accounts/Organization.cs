namespace BugSage.Core.Accounts;

/// <summary>A tenant: owns projects and has members.</summary>
public sealed class Organization
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}
