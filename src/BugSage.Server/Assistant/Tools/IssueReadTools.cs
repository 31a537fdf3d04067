using System.ComponentModel;
using BugSage.Server.Issues;
using BugSage.Server.Operations;

namespace BugSage.Server.Assistant.Tools;

public sealed record SearchIssuesArgs : ProjectArgs
{
    [Description("BugSage's search language: free text, is:unresolved|resolved|ignored|new|regressed|escalating, level:error, assigned:me|none|<email>, has:user, release:<v>, environment:<e>, firstSeen:-24h, lastSeen:-1h, firstRelease:<v>, any tag:value.")]
    public string? Query { get; init; }

    [Description("lastSeen (default), firstSeen, count or users.")]
    public string? Sort { get; init; }

    [Description("How many issues, 1 to 50 (default 10).")]
    public int? Limit { get; init; }
}

/// <summary>search_issues: a project's issues matching a query, in an order.</summary>
public sealed class SearchIssuesTool(IssueOperations issues, ProjectAccess access) : AssistantTool<SearchIssuesArgs>
{
    public override string Name => "search_issues";
    public override string Description => "Search a project's issues with BugSage's query language; returns id, short id, title, culprit, level, status, counts and when first and last seen.";

    protected override async Task<ToolOutcome> RunAsync(ToolContext context, SearchIssuesArgs args, CancellationToken ct)
    {
        var project = await ToolTargets.ProjectAsync(access, context, args.ProjectId, ct);
        if (!project.Succeeded) return From(project);
        var found = await issues.SearchAsync(context.Actor, project.Value, new IssueSearch(args.Query, Sort: args.Sort, Limit: Math.Clamp(args.Limit ?? 10, 1, 50)), ct);
        return From(found, page => new { projectId = project.Value, query = args.Query, issues = page.Items });
    }
}

/// <summary>get_issue: one issue's summary.</summary>
public sealed class GetIssueTool(IssueOperations issues, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "get_issue";
    public override string Description => "One issue: title, culprit, level, status, substatus, counts, first and last seen, releases and assignee.";

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct) =>
        From(await issues.GetAsync(context.Actor, issueId, ct));
}

/// <summary>get_latest_event: an issue's newest event with its stack trace.</summary>
public sealed class GetLatestEventTool(IssueOperations issues, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "get_latest_event";
    public override string Description => "An issue's latest event: exceptions with their innermost 25 frames (file, function, line, context), tags, release, the request line and the last breadcrumbs.";

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct) =>
        From(await issues.EdgeEventAsync(context.Actor, issueId, "latest", ct), EventShape.From);
}

public sealed record GetEventArgs : ProjectArgs
{
    [Description("The event's id: 32 hexadecimal digits, dashes allowed.")]
    public required string EventId { get; init; }
}

/// <summary>get_event: one event of a project by its id.</summary>
public sealed class GetEventTool(IssueOperations issues, ProjectAccess access) : AssistantTool<GetEventArgs>
{
    public override string Name => "get_event";
    public override string Description => "One event of a project by its event id, with stack trace, tags and context.";

    protected override async Task<ToolOutcome> RunAsync(ToolContext context, GetEventArgs args, CancellationToken ct)
    {
        var project = await ToolTargets.ProjectAsync(access, context, args.ProjectId, ct);
        return project.Succeeded ? From(await issues.EventAsync(context.Actor, project.Value, args.EventId, ct), EventShape.From) : From(project);
    }
}

public sealed record TagDistributionArgs : IssueArgs
{
    [Description("One tag key (browser, os, environment, release, url, …); none gives the top tags.")]
    public string? Key { get; init; }
}

/// <summary>get_tag_distribution: how an issue's events spread over tag values.</summary>
public sealed class GetTagDistributionTool(IssueOperations issues, ProjectAccess access) : IssueTool<TagDistributionArgs>(access)
{
    public override string Name => "get_tag_distribution";
    public override string Description => "How an issue's events spread over tag values (browsers, environments, releases, …), with counts.";

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, TagDistributionArgs args, long issueId, CancellationToken ct)
    {
        var tags = await issues.TagsAsync(context.Actor, issueId, 100, ct);
        return From(tags, all => args.Key is { Length: > 0 } key ? all.Where(t => t.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).ToList() : all.Take(10).ToList());
    }
}

public sealed record IssueStatsArgs : IssueArgs
{
    [Description("24h (hourly counts, the default) or 30d (daily counts).")]
    public string? Period { get; init; }
}

/// <summary>get_issue_stats: an issue's event counts over time.</summary>
public sealed class GetIssueStatsTool(IssueOperations issues, ProjectAccess access) : IssueTool<IssueStatsArgs>(access)
{
    public override string Name => "get_issue_stats";
    public override string Description => "An issue's event counts over time: hourly over 24 hours or daily over 30 days.";

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueStatsArgs args, long issueId, CancellationToken ct)
    {
        // Questions speak of weeks and fortnights; the histogram has two resolutions, so anything longer than a day reads daily.
        var period = args.Period is null or "24h" or "1d" ? "24h" : "30d";
        return From(await issues.StatsAsync(context.Actor, issueId, period, ct));
    }
}

/// <summary>find_similar_issues: issues that look like this one.</summary>
public sealed class FindSimilarIssuesTool(IssueOperations issues, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "find_similar_issues";
    public override string Description => "Issues of the same project that look like this one (same exception, culprit or stack), with a score and the reason.";

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct) =>
        From(await issues.SimilarAsync(context.Actor, issueId, 10, ct));
}
