using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Core;
using BugSage.Server.Assistant.Tools;

namespace BugSage.Server.Assistant.Conversations;

/// <summary>
/// Writes the offline assistant's answer from what its tools returned: plain Markdown, facts only,
/// nothing a tool did not say. Text from events is quoted as code, never as Markdown to render.
/// </summary>
public static class OfflineAnswers
{
    public static string Describe(string tool, ToolOutcome outcome)
    {
        if (outcome.Status == ToolCallStatus.NeedsConfirmation)
            return $"This would change something ({Label(tool)}). Confirm it below and I will do it.";
        if (!outcome.Succeeded) return $"I could not {Label(tool)}: {outcome.Error}.";
        var r = outcome.Result;
        return tool switch
        {
            "search_issues" => Issues(r?["issues"] as JsonArray, r?["query"]?.GetValue<string>()),
            "get_issue" or "resolve_issue" or "ignore_issue" or "assign_issue" => Issue(tool, r as JsonObject),
            "get_latest_event" or "get_event" => Event(r as JsonObject),
            "get_tag_distribution" => Tags(r as JsonArray),
            "get_issue_stats" => Stats(r as JsonObject),
            "find_similar_issues" => Similar(r as JsonArray),
            "list_projects" => List(r as JsonArray, p => $"{S(p, "name")} (`{S(p, "slug")}`, id {S(p, "id")})", "You can see no projects."),
            "list_releases" => List(r as JsonArray, x => $"`{Code(S(x, "version"))}`: {S(x, "newIssues")} new issues, {S(x, "regressions")} regressions, {S(x, "events")} events", "No releases yet."),
            "get_suspect_commits" => List(r as JsonArray, c => $"`{Code(S(c?["commit"], "id")).Truncate(12)}` by `{Code(S(c?["commit"]?["author"], "name"))}`: `{Code(S(c?["commit"], "message"))}`", "No suspect commits: the issue's first release has no commits that touched its stack trace's files (or no commits were sent for it)."),
            "get_stats" => OrgStats(r as JsonObject),
            "get_analysis" => Analysis(r as JsonObject),
            "start_analysis" => $"Analysis {S(r, "id")} is queued; ask me \"why does it happen\" when it is done.",
            "start_fix_session" => $"Fix session {S(r, "id")} is queued: it reproduces the error, proposes patches and proves them in the sandbox before anyone may approve one.",
            "get_fix_session" => FixSessions(r),
            "comment_on_issue" => "Comment added.",
            "search_documents" => List(r as JsonArray, d => $"**`{Code(S(d, "title"))}`**{(S(d, "heading") is { Length: > 0 } h ? $" — `{Code(h)}`" : "")}: `{Code(S(d, "snippet"))}`", "No document matches."),
            _ => "Done.",
        };
    }

    private static string Label(string tool) => tool.Replace('_', ' ');

    private static string Issues(JsonArray? issues, string? query)
    {
        if (issues is null || issues.Count == 0) return query is { Length: > 0 } ? $"No issues match `{Code(query)}`." : "No issues.";
        var sb = new StringBuilder(issues.Count == 1 ? "1 issue:\n" : $"{issues.Count} issues:\n");
        foreach (var i in issues)
            sb.Append(CultureInfo.InvariantCulture, $"- **{S(i, "shortId")}** `{Code(S(i, "title"))}` — {S(i, "status")}, {S(i, "count")} events, {S(i, "userCount")} users, last seen {When(i, "lastSeen")}\n");
        return sb.ToString().TrimEnd();
    }

    private static string Issue(string tool, JsonObject? i)
    {
        if (i is null) return "Done.";
        var head = tool switch { "resolve_issue" => "Resolved ", "ignore_issue" => "Archived ", "assign_issue" => "Assigned ", _ => "" };
        return $"{head}**{S(i, "shortId")}** `{Code(S(i, "title"))}`\n- status: {S(i, "status")}{(S(i, "substatus") is { Length: > 0 } sub ? $" ({sub})" : "")}, level {S(i, "level")}\n" +
               $"- {S(i, "count")} events, {S(i, "userCount")} users; first seen {When(i, "firstSeen")}, last seen {When(i, "lastSeen")}\n" +
               (S(i, "culprit") is { Length: > 0 } culprit ? $"- culprit: `{Code(culprit)}`\n" : "") +
               (S(i, "firstRelease") is { Length: > 0 } first ? $"- first release: `{Code(first)}`" : "").TrimEnd();
    }

    private static string Event(JsonObject? e)
    {
        if (e is null) return "No event.";
        var sb = new StringBuilder($"Event `{S(e, "eventId")}` at {When(e, "timestamp")}{(S(e, "release") is { Length: > 0 } rel ? $", release `{Code(rel)}`" : "")}:\n");
        foreach (var x in e["exceptions"] as JsonArray ?? [])
        {
            sb.Append(CultureInfo.InvariantCulture, $"`{Code(S(x, "type"))}: {Code(S(x, "value"))}`\n```\n");
            foreach (var f in (x?["frames"] as JsonArray ?? []).Reverse().Take(10))
                sb.Append(CultureInfo.InvariantCulture, $"  at {Fence(S(f, "function"))} ({Fence(S(f, "file"))}:{S(f, "line")}){(S(f, "inApp") == "true" ? "" : " [library]")}\n");
            sb.Append("```\n");
        }
        return sb.ToString().TrimEnd();
    }

    private static string Tags(JsonArray? tags)
    {
        if (tags is null || tags.Count == 0) return "No tags recorded for it.";
        var sb = new StringBuilder();
        foreach (var t in tags)
        {
            var values = (t?["topValues"] as JsonArray ?? []).Take(5).Select(v => $"`{Code(S(v, "value"))}` {S(v, "count")}");
            sb.Append(CultureInfo.InvariantCulture, $"- **`{Code(S(t, "key"))}`**: {string.Join(", ", values)}\n");
        }
        return sb.ToString().TrimEnd();
    }

    private static string Stats(JsonObject? s)
    {
        var buckets = s?["buckets"] as JsonArray ?? [];
        var counts = buckets.Select(b => b?["count"]?.GetValue<long>() ?? 0).ToList();
        var unit = S(s, "period") == "24h" ? "hour" : "day";
        return counts.Count == 0 ? "No events." :
            $"{counts.Sum()} events over the last {S(s, "period")}; the busiest {unit} had {counts.Max()}, the latest {unit} {counts[^1]}.";
    }

    private static string Similar(JsonArray? items) =>
        List(items, x => $"**{S(x, "shortId")}** `{Code(S(x, "title"))}` ({S(x, "status")}): `{Code(S(x, "reason"))}`", "No similar issues.");

    private static string OrgStats(JsonObject? s) => s is null ? "No stats." :
        $"- issues: {S(s["issues"], "unresolved")} unresolved of {S(s["issues"], "total")}, {S(s["issues"], "newLast24h")} new in 24 h\n" +
        $"- events: {S(s["events"], "last24h")} in 24 h, {S(s["events"], "total")} in all\n" +
        $"- fix sessions: {S(s["fixSessions"], "active")} active, {S(s["fixSessions"], "awaitingApproval")} awaiting approval, {S(s["fixSessions"], "merged")} merged\n" +
        $"- analyses: {S(s["analyses"], "active")} active, {S(s["analyses"], "completed")} completed";

    private static string Analysis(JsonObject? a)
    {
        var result = a?["result"];
        if (result is null)
            return a?["pending"] is not null ? "An analysis is running; ask again in a moment." : "It has not been analysed yet. Ask me to analyse it.";
        var cause = result["rootCause"];
        return $"**`{Code(S(result, "summary"))}`**\n- category: {S(result, "category")}, confidence {S(result, "confidence")}\n" +
               (S(cause, "explanation") is { Length: > 0 } why ? $"- why: `{Code(why)}`\n" : "") +
               (S(result, "suggestedFix") is { Length: > 0 } fix ? $"- suggested fix: `{Code(fix)}`\n" : "") +
               string.Concat((result["documents"] as JsonArray ?? []).Select(d => $"- see the document `{Code(S(d, "title"))}`{(S(d, "heading") is { Length: > 0 } h ? " — `" + Code(h) + "`" : "")}\n")).TrimEnd();
    }

    private static string FixSessions(JsonNode? r) => r switch
    {
        JsonArray list => List(list, s => $"session {S(s, "id")}: {S(s, "status")} (asked by `{Code(S(s, "requestedBy"))}`)", "No fix sessions yet. Ask me to fix it."),
        JsonObject s => $"Session {S(s, "id")}: {S(s, "status")}, {(s["candidates"] as JsonArray)?.Count ?? 0} candidates" +
                        (S(s, "pullRequestUrl") is { Length: > 0 } pr ? $", pull request {pr}" : "") + ".",
        _ => "No fix session.",
    };

    private static string List(JsonArray? items, Func<JsonNode?, string> line, string none) =>
        items is null || items.Count == 0 ? none : string.Join("\n", items.Take(20).Select(i => "- " + line(i)));

    private static string S(JsonNode? node, string name) => node?[name] switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => other.ToJsonString(),
    };

    private static string When(JsonNode? node, string name) =>
        DateTime.TryParse(S(node, name), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";

    /// <summary>Event text inside an inline code span: a backtick or a line break would end it and let the text render as Markdown.</summary>
    private static string Code(string text) => text.Replace('`', '\'').Replace('\n', ' ').Replace('\r', ' ').Truncate(300);

    /// <summary>Text inside a fenced block: three backticks would close the fence.</summary>
    private static string Fence(string text) => text.Replace("```", "'''").Replace('\n', ' ').Truncate(200);
}
