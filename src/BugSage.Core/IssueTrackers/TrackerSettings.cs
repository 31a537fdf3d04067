using System.Text.Json;
using System.Text.Json.Serialization;
using BugSage.Core.Alerts;

namespace BugSage.Core.IssueTrackers;

/// <summary>
/// What an issue-tracker integration needs besides its token and webhook secret, kept as JSON
/// beside the integration and answered back as it is: nothing here is a credential.
/// </summary>
public sealed record TrackerSettings
{
    public const string DefaultGitHubApi = "https://api.github.com/";

    /// <summary>GitHub: <c>owner/name</c>.</summary>
    public string? Repository { get; init; }

    /// <summary>GitHub: the REST API (GitHub Enterprise: <c>https://host/api/v3</c>); Jira: the site (<c>https://acme.atlassian.net</c>).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>GitHub: close the issue, with a comment, when it is resolved in BugSage (and reopen it when it comes back).</summary>
    public bool CloseOnResolve { get; init; } = true;

    /// <summary>Jira: <see cref="JiraFlavors.Cloud"/> (email and API token, REST v3) or <see cref="JiraFlavors.DataCenter"/> (personal access token, REST v2).</summary>
    public string? Flavor { get; init; }

    /// <summary>Jira Cloud: the account the API token belongs to.</summary>
    public string? Email { get; init; }

    public string? ProjectKey { get; init; }
    public string IssueType { get; init; } = "Bug";

    /// <summary>Jira priority names by BugSage level, over <see cref="DefaultPriorities"/>.</summary>
    public Dictionary<string, string>? Priorities { get; init; }

    /// <summary>Jira: the transition (or status) name that finishes an issue.</summary>
    public string DoneTransition { get; init; } = "Done";

    /// <summary>Jira: the transition (or status) name that reopens one; when unset, "Reopen", then "To Do".</summary>
    public string? ReopenTransition { get; init; }

    public static readonly IReadOnlyDictionary<string, string> DefaultPriorities = new Dictionary<string, string>
    {
        ["fatal"] = "Highest", ["error"] = "High", ["warning"] = "Medium", ["info"] = "Low", ["debug"] = "Low",
    };

    public static readonly string[] Levels = ["fatal", "error", "warning", "info", "debug"];

    /// <summary>The Jira priority for an issue of this level.</summary>
    public string PriorityFor(string level) =>
        Priorities?.GetValueOrDefault(level) ?? DefaultPriorities.GetValueOrDefault(level) ?? "Medium";

    /// <summary>The transition names tried, in order, to reopen an issue.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ReopenNames => ReopenTransition is { } name ? [name] : ["Reopen", "To Do"];

    /// <summary>Where the GitHub REST API is, ending in a slash: Octokit resolves paths against it.</summary>
    [JsonIgnore]
    public Uri GitHubApi => new((BaseUrl ?? DefaultGitHubApi).TrimEnd('/') + "/");

    public string Serialize() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static TrackerSettings Of(AlertIntegration integration) =>
        integration.TrackerSettings is { } json ? JsonSerializer.Deserialize<TrackerSettings>(json, JsonSerializerOptions.Web) ?? new() : new();
}

public static class JiraFlavors
{
    public const string Cloud = "cloud";
    public const string DataCenter = "datacenter";
}
