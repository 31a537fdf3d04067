using System.ComponentModel;
using BugSage.Server.Operations;

namespace BugSage.Server.Assistant.Tools;

/// <summary>Arguments that name one issue, by id or short id; neither means the conversation's current issue.</summary>
public record IssueArgs
{
    [Description("The issue's numeric id.")]
    public long? IssueId { get; init; }

    [Description("The issue's short id, the project's slug and a number, like SHOP-42.")]
    public string? ShortId { get; init; }
}

/// <summary>Arguments that name one project; none means the conversation's current project, or the caller's only one.</summary>
public record ProjectArgs
{
    [Description("The project's numeric id (list_projects gives them).")]
    public long? ProjectId { get; init; }
}

/// <summary>Finds what a call's arguments point at, through the access gate, falling back on the conversation's context.</summary>
public static class ToolTargets
{
    public static async Task<OperationResult<long>> IssueAsync(ProjectAccess access, ToolContext context, IssueArgs args, CancellationToken ct)
    {
        if (args.IssueId is { } id) return Operation.Ok(id);
        if (!string.IsNullOrWhiteSpace(args.ShortId)) return await access.IssueIdByShortIdAsync(context.Actor, args.ShortId.Trim(), ct);
        return context.IssueId is { } current
            ? Operation.Ok(current)
            : Operation.Invalid<long>("issueId", "name the issue: its issueId or its shortId (like SHOP-42)");
    }

    public static async Task<OperationResult<long>> ProjectAsync(ProjectAccess access, ToolContext context, long? projectId, CancellationToken ct) =>
        (projectId ?? context.ProjectId) is { } id ? Operation.Ok(id) : await access.OnlyProjectAsync(context.Actor, ct);
}

/// <summary>A tool about one issue: the issue is found (by id, short id or the conversation's) before the tool's own call, and a miss answers for it.</summary>
public abstract class IssueTool<TArgs>(ProjectAccess access) : AssistantTool<TArgs> where TArgs : IssueArgs
{
    protected sealed override async Task<ToolOutcome> RunAsync(ToolContext context, TArgs args, CancellationToken ct)
    {
        var id = await ToolTargets.IssueAsync(access, context, args, ct);
        return id.Succeeded ? await RunOnIssueAsync(context, args, id.Value, ct) : From(id);
    }

    protected abstract Task<ToolOutcome> RunOnIssueAsync(ToolContext context, TArgs args, long issueId, CancellationToken ct);
}
