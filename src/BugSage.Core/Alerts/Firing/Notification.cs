namespace BugSage.Core.Alerts.Firing;

/// <summary>
/// What a firing says, fixed when it fired: every target renders it in its own format, and the
/// generic webhook sends it as the <c>data</c> of the versioned payload (docs/alerts.md).
/// </summary>
public sealed record Notification(
    string Trigger,
    string Reason,
    DateTime FiredAt,
    NotifiedProject Project,
    NotifiedIssue? Issue,
    NotifiedEvent? Event,
    NotifiedRule? Rule,
    NotifiedWork? Work = null,
    IReadOnlyList<DigestEntry>? Digest = null);

public sealed record NotifiedProject(long Id, string Slug, string Name);

public sealed record NotifiedIssue(long Id, string ShortId, string Title, string? Culprit, string Level, long Count, long UserCount,
    DateTime FirstSeen, DateTime LastSeen, string Url);

/// <param name="Frames">The innermost frames, most recent first, as "function (file:line)".</param>
public sealed record NotifiedEvent(string EventId, string? Release, string? Environment, string? Message, IReadOnlyList<string> Frames);

public sealed record NotifiedRule(long Id, string Name);

/// <summary>For the fix, analysis and task triggers: what was done, in a line, and where to see it.</summary>
/// <param name="Kind"><c>fix_session</c>, <c>analysis</c> or <c>task_update</c>.</param>
/// <param name="TaskUpdate">For <c>task_update</c>: the agent's report; absent (not null) for the other kinds, so their payloads stay as documented.</param>
public sealed record NotifiedWork(string Kind, long Id, string Summary, string Url, string? PullRequestUrl,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] NotifiedTaskUpdate? TaskUpdate = null);

/// <summary>A coding agent's report on an issue's task, as webhooks receive it; the diff itself is fetched from <paramref name="DiffUrl"/>.</summary>
public sealed record NotifiedTaskUpdate(long Id, string Status, string? Agent, string? Message, bool HasDiff, string? DiffUrl, string? ExternalUrl, string ReportedBy);

/// <summary>One firing gathered into a digest (<see cref="AlertRule.DigestMinutes"/>).</summary>
public sealed record DigestEntry(string Trigger, string Reason, DateTime FiredAt, string? ShortId, string? Title, string? Url);
