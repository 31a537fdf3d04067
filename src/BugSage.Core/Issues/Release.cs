namespace BugSage.Core.Issues;

/// <summary>A release version seen in a project, with when it first appeared.</summary>
public sealed class Release
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string Version { get; set; }
    public DateTime FirstSeen { get; set; }
}
