using System.Text;
using System.Text.RegularExpressions;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Outbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;

namespace BugSage.Core.Autofix.Sessions;

/// <summary>Where GitHub's REST API is: api.github.com, or a GitHub Enterprise server's <c>/api/v3</c>.</summary>
public sealed class GitHubOptions
{
    public const string Section = "BugSage:GitHub";

    public Uri ApiUrl { get; set; } = new("https://api.github.com/");
}

/// <summary>The pull request's words: what broke, why, and how the fix was proved.</summary>
public sealed record PullRequestText(string Title, string Body)
{
    public static PullRequestText For(string shortId, string issueTitle, string issueUrl, FixCandidateRecord candidate, IReadOnlyList<FixStep> steps, string approvedBy)
    {
        var v = candidate.Validation;
        var cause = steps.FirstOrDefault(s => s.Name == "analysis")?.Detail ?? "not recorded";
        var body = new StringBuilder()
            .AppendLine($"BugSage proposes this fix for [{shortId}]({issueUrl}): {issueTitle}")
            .AppendLine().AppendLine("## Root cause").AppendLine(cause)
            .AppendLine().AppendLine("## The change").AppendLine($"{candidate.Summary} (proposed by the {candidate.Origin}).")
            .AppendLine().AppendLine("## Validation")
            .AppendLine("Proved in BugSage's sandbox before a person approved it:")
            .AppendLine($"- the patch applied to the analysed revision: {(v.Applied ? "yes" : "no")}")
            .AppendLine($"- build and static checks passed: {(v.Built ? "yes" : "no")}")
            .AppendLine($"- the project's tests passed: {(v.TestsPassed ? "yes" : "no")}; new failures: {(v.NewFailures.Count == 0 ? "none" : string.Join(", ", v.NewFailures))}")
            .AppendLine($"- built and tested without network: {(v.NetworkIsolated ? "yes" : "no (nothing ran: the sandbox could not be set up)")}")
            .AppendLine($"- risk score {candidate.Risk:0.00} (0: one line in one file; higher: more lines, more files, untested code)")
            .AppendLine().AppendLine($"Approved by {approvedBy}.");
        return new PullRequestText($"Fix {shortId}: {candidate.Summary}", body.ToString());
    }
}

/// <summary>What shipping did; errors are reported, not thrown: the branch exists either way.</summary>
public sealed record Shipment(bool Pushed, string? PushError, string? PullRequestUrl, int? PullRequestNumber, string? PullRequestError);

/// <summary>
/// Ships an applied fix: pushes its branch to the repository's remote with the repository's
/// token (sent as a header through git's environment, never in arguments or URLs), then, when the
/// repository is on GitHub, opens a pull request against its branch through the REST API (Octokit,
/// through the outbound policy: <see cref="GitHubClients"/>).
/// </summary>
public sealed partial class PullRequestOpener(OutboundPolicy policy, RemoteGit remoteGit, IOptions<GitHubOptions> github, ILogger<PullRequestOpener> logger)
{
    private static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"github\.com[:/](?<slug>[\w.-]+/[\w.-]+?)(?:\.git)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubUrl();

    [GeneratedRegex(@"^[\w.-]+/[\w.-]+$")]
    public static partial Regex Slug();

    /// <summary>The repository's <c>owner/name</c> on GitHub: configured, or read from a github.com remote.</summary>
    public static string? GitHubSlug(LinkedRepository repository, string? remote) =>
        repository.GitHubRepository ?? (remote is not null && GitHubUrl().Match(remote) is { Success: true } m ? m.Groups["slug"].Value : null);

    public async Task<Shipment> ShipAsync(LinkedRepository repository, string workingCopy, string token, string branch, PullRequestText text, CancellationToken ct)
    {
        var remote = repository.Url ?? (await Git.RunAsync(workingCopy, ["remote", "get-url", "origin"], ct) is { ExitCode: 0 } origin ? origin.Output.Trim() : null);
        if (remote is null) return new Shipment(false, "the repository has no remote to push to", null, null, null);

        // The token goes only to an https remote: over plain http (or to whatever a local clone's origin names) it would travel in clear.
        if (!remote.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && GitRemote.Parse(remote).IsNetwork)
            return new Shipment(false, "the repository's token is sent only to an https remote", null, null, null);
        var environment = GitRemote.Parse(remote).IsNetwork ? GitCredentials.Environment(token) : new Dictionary<string, string>();
        Git.Result push;
        try
        {
            push = await remoteGit.RunAsync(workingCopy, remote, ["push", "--quiet", "--", remote, $"refs/heads/{branch}:refs/heads/{branch}"], ct, TimeSpan.FromMinutes(2), environment);
        }
        catch (OutboundRefusedException e)
        {
            return new Shipment(false, $"not pushed: the remote is a {e.Refused.Describe()} address, which this server does not connect to", null, null, null);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning("Push of {Branch} to repository {Repository} not run: {Reason}", branch, repository.Id, e.Message);
            return new Shipment(false, "not pushed: the remote could not be reached", null, null, null);
        }
        if (push.ExitCode != 0)
        {
            // What the remote said stays in the server log (the token masked); the session gets a fixed reason.
            logger.LogWarning("git push of {Branch} to repository {Repository} failed with {ExitCode}: {Error}", branch, repository.Id, push.ExitCode,
                push.Error.Replace(token, "***", StringComparison.Ordinal).Trim());
            return new Shipment(false, "git push failed: " + GitFailure.Describe(push), null, null, null);
        }

        if (GitHubSlug(repository, remote) is not { } slug) return new Shipment(true, null, null, null, null);
        var (owner, name) = (slug[..slug.IndexOf('/', StringComparison.Ordinal)], slug[(slug.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        try
        {
            ct.ThrowIfCancellationRequested();
            var client = GitHubClients.Create(github.Value.ApiUrl, token, policy, ApiTimeout);
            var created = await client.PullRequest.Create(owner, name, new NewPullRequest(text.Title, branch, repository.Branch) { Body = text.Body });
            return created.HtmlUrl is { Length: > 0 } url && created.Number > 0
                ? new Shipment(true, null, url, created.Number, null)
                : new Shipment(true, null, null, null, "GitHub's answer names no pull request");
        }
        catch (ApiException e)
        {
            // GitHub's message (or whatever a GitHub Enterprise address answers) is logged, never repeated to the caller.
            var status = (int)e.StatusCode;
            var body = e.HttpResponse?.Body?.ToString() ?? "";
            logger.LogWarning("GitHub answered {Status} to the pull request for {Slug}: {Body}", status, slug, body[..Math.Min(2000, body.Length)]);
            return new Shipment(true, null, null, null, $"GitHub answered {status} ({Reason(status)})");
        }
        catch (HttpRequestException e) when (GitHubClients.Innermost(e) is OutboundRefusedException refused)
        {
            return new Shipment(true, null, null, null, $"GitHub was not contacted: its API is at a {refused.Refused.Describe()} address, which this server does not connect to");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            logger.LogWarning(e, "The pull request for {Slug} was not opened", slug);
            return new Shipment(true, null, null, null, e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException ? "GitHub's answer could not be read" : "GitHub could not be reached");
        }
    }

    private static string Reason(int status) => status switch
    {
        401 => "unauthorized: check the access token",
        403 => "forbidden: the token may not open pull requests here",
        404 => "not found: check the repository and the token's access",
        422 => "unprocessable: a pull request for this branch may exist already",
        429 => "rate limited",
        >= 500 => "server error",
        _ => "unexpected status",
    };
}
