using Octokit;
using Octokit.Internal;

namespace BugSage.Core.Outbound;

/// <summary>
/// Octokit clients whose HTTP runs on <see cref="OutboundHttp.CreateHandler"/>: every connection
/// to GitHub's API (or a GitHub Enterprise server) passes the outbound address policy. Octokit
/// follows redirects itself and drops the token when one leads to another host; each hop still
/// connects through the policy.
/// </summary>
public static class GitHubClients
{
    /// <param name="api">The REST API's base, used as given (GitHub Enterprise: <c>https://host/api/v3/</c>); a slash is added when missing.</param>
    public static GitHubClient Create(Uri api, string token, OutboundPolicy policy, TimeSpan timeout)
    {
        var baseAddress = api.AbsoluteUri.EndsWith('/') ? api : new Uri(api.AbsoluteUri + "/");
        var connection = new Connection(new ProductHeaderValue("BugSage"), baseAddress,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)),
            new HttpClientAdapter(() => OutboundHttp.CreateHandler(policy)), new SimpleJsonSerializer());
        connection.SetRequestTimeout(timeout);
        return new GitHubClient(connection);
    }

    /// <summary>The innermost exception: where the outbound policy's refusal sits inside an HTTP failure.</summary>
    public static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
