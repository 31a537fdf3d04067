using System.Globalization;
using System.Net.Http;
using BugSage.Core.Outbound;
using Octokit;

namespace BugSage.Core.IssueTrackers;

/// <summary>
/// GitHub issues through Octokit, on a client from <see cref="GitHubClients"/>: every connection
/// it opens passes the outbound address policy.
/// </summary>
public sealed class GitHubTracker : IIssueTracker
{
    private readonly GitHubClient client;
    private readonly string owner;
    private readonly string name;

    public GitHubTracker(TrackerSettings settings, string token, OutboundPolicy policy, TimeSpan timeout)
    {
        var parts = (settings.Repository ?? "").Split('/');
        if (parts.Length != 2) throw new TrackerException("The integration names no repository (owner/name).", false);
        (owner, name) = (parts[0], parts[1]);
        client = GitHubClients.Create(settings.GitHubApi, token, policy, timeout);
    }

    public Task<TrackedIssue> CreateAsync(IssueDraft draft, CancellationToken ct) => CallAsync(async () =>
        Tracked(await client.Issue.Create(owner, name, new NewIssue(draft.Title.Truncate(256)) { Body = draft.Markdown() })), ct);

    public Task<TrackedIssue> GetAsync(string key, CancellationToken ct) => CallAsync(async () =>
        Tracked(await client.Issue.Get(owner, name, Number(key))), ct);

    /// <summary>The state first, then the comment: a retry after a lost answer repeats at most the comment, never a wrong state.</summary>
    public Task SetStateAsync(string key, bool closed, string comment, CancellationToken ct) => CallAsync(async () =>
    {
        var update = new Octokit.IssueUpdate
        {
            State = closed ? ItemState.Closed : ItemState.Open,
            StateReason = closed ? ItemStateReason.Completed : ItemStateReason.Reopened,
        };
        await client.Issue.Update(owner, name, Number(key), update);
        await client.Issue.Comment.Create(owner, name, Number(key), comment);
        return true;
    }, ct);

    private static int Number(string key) =>
        int.TryParse(key.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new TrackerException($"{key} is not a GitHub issue number.", false, 404);

    private static TrackedIssue Tracked(Issue issue) =>
        new(issue.Number.ToString(CultureInfo.InvariantCulture), issue.HtmlUrl, issue.Title, issue.State.Value == ItemState.Closed);

    /// <summary>Octokit's failures as <see cref="TrackerException"/>; Octokit takes no token, so a cancelled call stops at the next await.</summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            return await call();
        }
        catch (SecondaryRateLimitExceededException)
        {
            throw new TrackerException("GitHub's secondary rate limit was reached", true, 403, TimeSpan.FromMinutes(1));
        }
        catch (RateLimitExceededException e)
        {
            throw new TrackerException("GitHub's rate limit was reached", true, 403, e.Reset - DateTimeOffset.UtcNow);
        }
        catch (ApiException e)
        {
            var code = (int)e.StatusCode;
            var what = code switch
            {
                401 => "the token was refused",
                403 => "the token may not do this",
                404 => "not found (or the token cannot see it)",
                422 => "the request was refused: " + e.Message,
                _ => $"answered {code}",
            };
            throw new TrackerException($"GitHub: {what}".Truncate(300), TrackerException.IsRetryable(code), code);
        }
        catch (HttpRequestException e) when (GitHubClients.Innermost(e) is OutboundRefusedException refused)
        {
            throw new TrackerException(refused.Message, false);
        }
        catch (HttpRequestException e)
        {
            throw new TrackerException($"GitHub: request failed: {e.HttpRequestError}", true);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TrackerException("GitHub: no answer in time", true);
        }
    }
}
