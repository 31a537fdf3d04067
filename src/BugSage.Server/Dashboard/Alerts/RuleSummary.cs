using System.Globalization;
using BugSage.Core.Alerts;
using BugSage.Server.Alerts;

namespace BugSage.Server.Dashboard.Alerts;

/// <summary>A rule in a person's words, for the rules list: when, if, then.</summary>
public static class RuleSummary
{
    public static string Trigger(string trigger) => trigger switch
    {
        AlertTriggers.NewIssue => "a new issue",
        AlertTriggers.Regression => "a regression",
        AlertTriggers.Escalating => "an escalating issue",
        AlertTriggers.EventFrequency => "too many events",
        AlertTriggers.UserFrequency => "too many users",
        AlertTriggers.Test => "a test notification",
        AlertTriggers.FixAwaitingApproval => "a fix awaiting approval",
        AlertTriggers.PullRequestOpened => "a fix's pull request opened",
        AlertTriggers.PullRequestMerged => "a fix's pull request merged",
        AlertTriggers.AnalysisFinished => "an analysis finished",
        AlertTriggers.TaskUpdated => "a coding agent's task update",
        _ => trigger,
    };

    public static string When(AlertRuleDto rule) => AlertTriggers.IsFrequency(rule.Trigger)
        ? string.Create(CultureInfo.InvariantCulture, $"more than {rule.Threshold} {(rule.Trigger == AlertTriggers.UserFrequency ? "users" : "events")} in {rule.WindowMinutes} min")
        : Trigger(rule.Trigger);

    public static string Conditions(AlertConditions c)
    {
        var parts = new List<string>();
        if (c.Levels is { Count: > 0 } levels) parts.Add("level " + string.Join(" or ", levels));
        if (c.Environments is { Count: > 0 } environments) parts.Add("environment " + string.Join(" or ", environments));
        if (c.Releases is { Count: > 0 } releases) parts.Add("release " + string.Join(" or ", releases));
        if (c.Tags is { Count: > 0 } tags) parts.AddRange(tags.Select(t => $"{t.Key}={t.Value}"));
        if (c.CulpritPattern is { } culprit) parts.Add($"culprit matches /{culprit}/");
        if (c.MessagePattern is { } message) parts.Add($"message matches /{message}/");
        if (c.Platforms is { Count: > 0 } platforms) parts.Add("platform " + string.Join(" or ", platforms));
        if (c.Assigned is { } assigned) parts.Add(assigned ? "assigned" : "unassigned");
        if (c.MinIssueAgeMinutes is { } min) parts.Add(string.Create(CultureInfo.InvariantCulture, $"issue older than {min} min"));
        if (c.MaxIssueAgeMinutes is { } max) parts.Add(string.Create(CultureInfo.InvariantCulture, $"issue at most {max} min old"));
        return parts.Count == 0 ? "any event" : string.Join("; ", parts);
    }

    /// <summary>Each target by name; an integration removed since is said to be.</summary>
    public static string Actions(IEnumerable<AlertAction> actions, IReadOnlyDictionary<long, IntegrationDto> integrations) =>
        string.Join(", ", actions.Select(a => a.Target == AlertAction.Members ? "all members (email)"
            : a.IntegrationId is { } id && integrations.TryGetValue(id, out var i) ? $"{i.Name} ({i.Kind})"
            : "a removed integration"));
}
