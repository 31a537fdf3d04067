using System.Text.Json.Nodes;
using BugSage.Core.Alerts.Firing;

namespace BugSage.Core.Alerts.Delivery;

/// <summary>
/// The notification in each chat tool's incoming-webhook format. Event text is anyone's: it is
/// escaped for Slack's mrkdwn and Discord mentions are switched off, so an event cannot ping a channel.
/// </summary>
public static class ChatMessages
{
    public static string Headline(Notification n) => n.Issue is { } i
        ? $"{Kind(n.Trigger)}: {i.ShortId} {i.Title}"
        : $"{Kind(n.Trigger)}: {n.Reason}";

    private static string Kind(string trigger) => trigger switch
    {
        AlertTriggers.NewIssue => "New issue",
        AlertTriggers.Regression => "Regression",
        AlertTriggers.Escalating => "Escalating",
        AlertTriggers.Test => "Test notification",
        AlertTriggers.Digest => "Digest",
        AlertTriggers.TargetPaused => "Target paused",
        AlertTriggers.FixAwaitingApproval => "Fix awaiting approval",
        AlertTriggers.PullRequestOpened => "Pull request opened",
        AlertTriggers.PullRequestMerged => "Pull request merged",
        AlertTriggers.AnalysisFinished => "Analysis finished",
        AlertTriggers.TaskUpdated => "Task updated",
        AlertTriggers.Report => "Report ready",
        _ => "Threshold exceeded",
    };

    private static IEnumerable<(string Name, string Value)> Facts(Notification n)
    {
        if (n.Issue is { } i)
        {
            yield return ("Level", i.Level);
            yield return ("Events", i.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            yield return ("Users", i.UserCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (n.Event?.Release is { } release) yield return ("Release", release);
        if (n.Event?.Environment is { } environment) yield return ("Environment", environment);
        yield return ("Project", n.Project.Name);
    }

    /// <summary>The <c>action_id</c>s of the bot-mode buttons; their <c>value</c> is the issue's id.</summary>
    public const string ResolveAction = "bugsage_resolve", IgnoreAction = "bugsage_ignore", AssignAction = "bugsage_assign_me";

    /// <param name="interactive">Bot mode: buttons to resolve, ignore and assign, which Slack posts back to BugSage.</param>
    public static string Slack(Notification n, bool interactive = false)
    {
        var fields = new JsonArray(Facts(n).Select(f => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{f.Name}*\n{Escape(f.Value)}" }).ToArray());
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Headline(n).Truncate(150) } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Escape(Detail(n)).Truncate(2900) } },
            new JsonObject { ["type"] = "section", ["fields"] = fields },
        };
        var elements = Links(n).Select(l => (JsonNode)new JsonObject
        {
            ["type"] = "button", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = l.Title }, ["url"] = l.Url,
        }).ToList();
        if (interactive && n.Issue is { } issue)
            foreach (var (action, title) in new[] { (ResolveAction, "Resolve"), (IgnoreAction, "Ignore"), (AssignAction, "Assign to me") })
                elements.Add(new JsonObject
                {
                    ["type"] = "button", ["action_id"] = action, ["value"] = issue.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = title },
                });
        if (elements.Count > 0) blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray([.. elements]) });
        // The top-level text is the notification's fallback, read as mrkdwn too.
        return new JsonObject { ["text"] = Escape(Headline(n)).Truncate(3000), ["blocks"] = blocks }.ToJsonString();
    }

    public static string Teams(Notification n)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = Headline(n), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = Detail(n), ["wrap"] = true },
            new JsonObject { ["type"] = "FactSet", ["facts"] = new JsonArray(Facts(n).Select(f => (JsonNode)new JsonObject { ["title"] = f.Name, ["value"] = f.Value }).ToArray()) },
        };
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json", ["type"] = "AdaptiveCard", ["version"] = "1.4", ["body"] = body,
        };
        if (Links(n) is { Count: > 0 } links)
            card["actions"] = new JsonArray(links.Select(l => (JsonNode)new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = l.Title, ["url"] = l.Url }).ToArray());
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
        }.ToJsonString();
    }

    public static string Discord(Notification n)
    {
        var embed = new JsonObject
        {
            ["title"] = Headline(n).Truncate(256),
            ["description"] = Detail(n).Truncate(4000),
            ["color"] = n.Trigger == AlertTriggers.Regression ? 0xE67E22 : 0xE74C3C,
            ["timestamp"] = n.FiredAt.ToString("O"),
            ["fields"] = new JsonArray(Facts(n).Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["value"] = f.Value.Truncate(1024), ["inline"] = true }).ToArray()),
        };
        if (Links(n).FirstOrDefault() is { } first) embed["url"] = first.Url;
        return new JsonObject
        {
            ["content"] = Headline(n).Truncate(2000),
            ["embeds"] = new JsonArray(embed),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        }.ToJsonString();
    }

    /// <summary>Where a person goes from the message: the issue, the fix session or pull request; for a digest, the project.</summary>
    public static List<(string Title, string Url)> Links(Notification n)
    {
        var links = new List<(string, string)>();
        if (n.Work is { } work)
        {
            if (work.PullRequestUrl is { } pullRequest) links.Add(("Open the pull request", pullRequest));
            if (work.Kind == "fix_session") links.Add(("Open the fix session", work.Url));
            if (work.Kind == "report") links.Add(("Download the report", work.Url));
        }
        if (n.Issue is { } issue) links.Add(("Open in BugSage", issue.Url));
        return links;
    }

    /// <summary>At most this many of a digest's firings are listed; the count says how many there were.</summary>
    public const int MaxDigestLines = 50;

    /// <summary>Why it fired, the culprit and the first frames: what a person reads before opening the issue. A digest lists its firings.</summary>
    public static string Detail(Notification n)
    {
        var lines = new List<string> { n.Reason };
        if (n.Digest is { } entries)
        {
            lines.AddRange(entries.Take(MaxDigestLines).Select(e => $"• {e.FiredAt:HH:mm} {e.Reason}" + (e.Title is { } title ? $" {title}" : "")));
            if (entries.Count > MaxDigestLines) lines.Add($"… and {entries.Count - MaxDigestLines} more");
            return string.Join("\n", lines);
        }
        if (n.Issue?.Culprit is { } culprit) lines.Add($"in {culprit}");
        if (n.Event?.Frames is { Count: > 0 } frames) lines.AddRange(frames.Select(f => "  at " + f));
        return string.Join("\n", lines);
    }

    /// <summary>Slack's three control characters in mrkdwn; anything else is shown as written.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
