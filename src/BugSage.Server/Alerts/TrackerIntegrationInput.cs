using System.Net.Mail;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using BugSage.Core.Alerts;
using BugSage.Core.IssueTrackers;
using BugSage.Core.Outbound;
using BugSage.Core.Security;

namespace BugSage.Server.Alerts;

/// <summary>
/// The issue-tracker part of an integration's input (GitHub, Jira): checks what is given and
/// applies it over the current settings; the token is sealed as other integration secrets are.
/// </summary>
public static partial class TrackerIntegrationInput
{
    /// <summary>A new webhook secret: 32 random bytes as hex, which both trackers accept as typed.</summary>
    public static string NewWebhookSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The first problem with the input as (field, problem), or null once applied.</summary>
    public static async Task<(string Field, string Problem)?> ApplyAsync(AlertIntegration integration, IntegrationInput input, bool creating,
        SecretProtector secrets, OutboundPolicy outbound, CancellationToken ct)
    {
        var github = integration.Kind == IntegrationKinds.GitHub;
        var current = TrackerSettings.Of(integration);
        var next = current;
        if (input.BaseUrl is { } baseUrl)
        {
            if (baseUrl.Length == 0 && github) next = next with { BaseUrl = null };
            else
            {
                if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.UserInfo) || uri.Query.Length > 0)
                    return ("baseUrl", "an absolute https (or http) URL without credentials or query");
                // Checked again at every connection; this only turns away at once what can never be reached.
                if (await outbound.RefusalAsync(uri.Host, ct) is { } refused) return ("baseUrl", $"{uri.Host}: {refused}");
                next = next with { BaseUrl = uri.GetLeftPart(UriPartial.Path).TrimEnd('/') };
            }
        }
        if (input.Repository is { } repository)
        {
            if (!github) return ("repository", "only GitHub integrations name a repository");
            if (!RepositoryName().IsMatch(repository)) return ("repository", "owner/name");
            next = next with { Repository = repository };
        }
        if (input.CloseOnResolve is { } close)
        {
            if (!github) return ("closeOnResolve", "only GitHub integrations; Jira issues always follow");
            next = next with { CloseOnResolve = close };
        }
        if (github)
        {
            if ((input.Flavor ?? input.Email ?? input.ProjectKey ?? input.IssueType ?? input.DoneTransition ?? input.ReopenTransition) is not null || input.Priorities is not null)
                return ("kind", "flavor, email, projectKey, issueType, priorities and transitions are Jira settings");
        }
        else if (ApplyJira(input, ref next) is { } jiraProblem)
        {
            return jiraProblem;
        }

        if (input.Token is { } token)
        {
            if (string.IsNullOrWhiteSpace(token)) return ("token", "required");
            integration.TokenProtected = secrets.Protect(token.Trim());
        }
        if (creating && integration.TokenProtected is null) return ("token", "required");
        if (github && next.Repository is null) return ("repository", "required: owner/name");
        if (!github)
        {
            if (next.BaseUrl is null) return ("baseUrl", "required: the Jira site, https://your-site.atlassian.net");
            if (next.ProjectKey is null) return ("projectKey", "required");
            if (next.Flavor == JiraFlavors.Cloud && next.Email is null) return ("email", "required for Jira Cloud: the account the API token belongs to");
        }
        integration.TrackerSettings = next.Serialize();
        integration.UrlHost = new Uri(github ? next.GitHubApi.ToString() : next.BaseUrl!).Host;
        return null;
    }

    private static (string, string)? ApplyJira(IntegrationInput input, ref TrackerSettings next)
    {
        if (input.Flavor is { } flavor)
        {
            if (flavor is not (JiraFlavors.Cloud or JiraFlavors.DataCenter)) return ("flavor", "cloud or datacenter");
            next = next with { Flavor = flavor };
        }
        next = next with { Flavor = next.Flavor ?? JiraFlavors.Cloud };
        if (input.Email is { } email)
        {
            if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email.Trim()) return ("email", "an email address");
            next = next with { Email = email.Trim() };
        }
        if (input.ProjectKey is { } key)
        {
            if (!ProjectKeyPattern().IsMatch(key)) return ("projectKey", "a Jira project key, such as OPS");
            next = next with { ProjectKey = key };
        }
        if (input.IssueType is { } type)
        {
            if (string.IsNullOrWhiteSpace(type)) return ("issueType", "1 to 100 characters");
            next = next with { IssueType = type.Trim() };
        }
        if (input.Priorities is { } priorities)
        {
            if (priorities.Keys.Any(k => !TrackerSettings.Levels.Contains(k)) || priorities.Values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > 100))
                return ("priorities", "names by level: " + string.Join(", ", TrackerSettings.Levels));
            next = next with { Priorities = priorities.ToDictionary(p => p.Key, p => p.Value.Trim()) };
        }
        if (input.DoneTransition is { } done)
        {
            if (string.IsNullOrWhiteSpace(done)) return ("doneTransition", "1 to 100 characters");
            next = next with { DoneTransition = done.Trim() };
        }
        if (input.ReopenTransition is { } reopen) next = next with { ReopenTransition = string.IsNullOrWhiteSpace(reopen) ? null : reopen.Trim() };
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryName();

    [GeneratedRegex(@"^[A-Z][A-Z0-9_]{0,49}$")]
    private static partial Regex ProjectKeyPattern();
}
