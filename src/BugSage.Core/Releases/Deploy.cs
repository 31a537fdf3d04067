namespace BugSage.Core.Releases;

/// <summary>A release deployed to an environment (<c>sentry-cli deploys new</c>).</summary>
public sealed class Deploy
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string Version { get; set; }
    public required string Environment { get; set; }
    public string? Name { get; set; }
    public string? Url { get; set; }
    public DateTime? DateStarted { get; set; }
    public DateTime DateFinished { get; set; }
}
