using BugSage.Core.Configuration;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Alerts.Firing;

/// <summary>Links to the dashboard in messages that leave the server, where no request tells the host.</summary>
public sealed class IssueLinks(IOptions<BugSageOptions> options)
{
    private Uri Base => new((options.Value.PublicUrl is { Length: > 0 } configured ? configured : "http://localhost:8000").TrimEnd('/') + "/");

    public string Issue(long issueId) => new Uri(Base, $"issues/{issueId}").ToString();

    public string FixSession(long sessionId) => new Uri(Base, $"fix-sessions/{sessionId}").ToString();

    public string Project(long projectId) => new Uri(Base, $"projects/{projectId}/issues").ToString();

    /// <summary>Any path of this server (an API route) as an absolute URL, for clients that follow links from a document.</summary>
    public string Absolute(string path) => new Uri(Base, path.TrimStart('/')).ToString();
}
