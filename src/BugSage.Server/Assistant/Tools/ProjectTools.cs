using System.ComponentModel;
using BugSage.Server.OrganizationStats;
using BugSage.Server.Operations;
using BugSage.Server.Projects;
using BugSage.Server.Releases;

namespace BugSage.Server.Assistant.Tools;

public sealed record NoArgs;

/// <summary>list_projects: the projects the caller can see.</summary>
public sealed class ListProjectsTool(ProjectOperations projects) : AssistantTool<NoArgs>
{
    public override string Name => "list_projects";
    public override string Description => "The projects you can see: id, slug, name, organization and platform.";

    protected override async Task<ToolOutcome> RunAsync(ToolContext context, NoArgs args, CancellationToken ct) =>
        From(await projects.ListAsync(context.Actor, Cursor.MaxLimit, null, ct), page => page.Items);
}

public sealed record ListReleasesArgs : ProjectArgs
{
    [Description("How many releases, newest first, 1 to 50 (default 10).")]
    public int? Limit { get; init; }
}

/// <summary>list_releases: a project's newest releases with their new issues, regressions and deploys.</summary>
public sealed class ListReleasesTool(ProjectReleaseOperations releases, ProjectAccess access) : AssistantTool<ListReleasesArgs>
{
    public override string Name => "list_releases";
    public override string Description => "A project's newest releases: version, when first seen, adoption, new issues, regressions, deploys and commits.";

    protected override async Task<ToolOutcome> RunAsync(ToolContext context, ListReleasesArgs args, CancellationToken ct)
    {
        var project = await ToolTargets.ProjectAsync(access, context, args.ProjectId, ct);
        if (!project.Succeeded) return From(project);
        return From(await releases.ListAsync(context.Actor, project.Value, false, Math.Clamp(args.Limit ?? 10, 1, 50), null, ct), page => page.Items);
    }
}

/// <summary>get_suspect_commits: the commits of an issue's first release that touched its stack trace's files.</summary>
public sealed class GetSuspectCommitsTool(ProjectReleaseOperations releases, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "get_suspect_commits";
    public override string Description => "Who changed the code behind an issue: commits of its first release that touched files in its stack trace, with author, message and the files matched.";

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct) =>
        From(await releases.SuspectCommitsAsync(context.Actor, issueId, ct));
}

public sealed record StatsArgs : ProjectArgs
{
    [Description("The organization's numeric id; none means the project's, or your first.")]
    public long? OrganizationId { get; init; }
}

/// <summary>get_stats: an organization at a glance.</summary>
public sealed class GetStatsTool(OrganizationStatsOperations stats, ProjectAccess access) : AssistantTool<StatsArgs>
{
    public override string Name => "get_stats";
    public override string Description => "An organization at a glance: issues by status, events in the last 24 hours, analyses and fix sessions by state, model calls and their cost.";

    protected override async Task<ToolOutcome> RunAsync(ToolContext context, StatsArgs args, CancellationToken ct)
    {
        var orgId = args.OrganizationId ?? context.OrganizationId;
        if (orgId is null && (args.ProjectId ?? context.ProjectId) is { } projectId)
        {
            var project = await access.ProjectAsync(context.Actor, projectId, Core.Accounts.Permission.ProjectRead, ct);
            if (!project.Succeeded) return From(project);
            orgId = project.Value!.OrganizationId;
        }
        return From(await stats.GetAsync(context.Actor, orgId, ct));
    }
}
