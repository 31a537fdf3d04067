using BugSage.Core.Alerts;
using BugSage.Core.Configuration;
using BugSage.Core.Outbound;
using BugSage.Core.Security;
using Microsoft.Extensions.Options;

namespace BugSage.Core.IssueTrackers;

/// <summary>The tracker client of an integration, with its token unsealed for this use only.</summary>
public sealed class IssueTrackerClients(IHttpClientFactory clients, OutboundPolicy policy, SecretProtector secrets, IOptions<AlertOptions> options)
{
    public const string ClientName = "issue-trackers";

    /// <exception cref="TrackerException">The integration is not a tracker, or its token cannot be unsealed with this server's key.</exception>
    public IIssueTracker For(AlertIntegration integration)
    {
        var token = integration.TokenProtected is { } sealedToken ? secrets.Unprotect(sealedToken) : null;
        if (token is null) throw new TrackerException("The integration's token cannot be decrypted with this server's key; enter it again.", false);
        var settings = TrackerSettings.Of(integration);
        var timeout = TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds);
        return integration.Kind switch
        {
            IntegrationKinds.GitHub => new GitHubTracker(settings, token, policy, timeout),
            IntegrationKinds.Jira => new JiraTracker(clients.CreateClient(ClientName), settings, token, timeout),
            _ => throw new TrackerException($"{integration.Kind} is not an issue tracker.", false),
        };
    }
}
