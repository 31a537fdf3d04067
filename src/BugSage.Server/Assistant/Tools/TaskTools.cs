using System.ComponentModel;
using BugSage.Core.Accounts;
using BugSage.Server.AgentTasks;
using BugSage.Server.Operations;

namespace BugSage.Server.Assistant.Tools;

/// <summary>get_task: the issue as a task document for a coding agent.</summary>
public sealed class GetTaskTool(AgentTaskOperations tasks, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "get_task";
    public override string Description => "An issue as a task for a coding agent: the error and its evidence, the analysis, earlier fix attempts, what a patch may not touch, how it is validated, and the task's state (schema /api/v1/schemas/task.json).";

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct) =>
        From(await tasks.DocumentAsync(context.Actor, issueId, ct));
}

public sealed record TaskUpdateArgs : IssueArgs
{
    [Description("claimed, working, patch_proposed, done or gave_up; a task is claimed first, and once done or given up only a new claim reopens it.")]
    public required string Status { get; init; }

    [Description("What the agent did or found, up to 10,000 characters.")]
    public string? Message { get; init; }

    [Description("With patch_proposed only: the patch as a unified diff (git diff), paths relative to the repository root.")]
    public string? Diff { get; init; }

    [Description("The agent's name.")]
    public string? Agent { get; init; }

    [Description("A link to the agent's own record of the work (its run, its pull request).")]
    public string? ExternalUrl { get; init; }
}

/// <summary>report_task_update: a coding agent's progress on an issue's task, recorded in the issue's activity.</summary>
public sealed class ReportTaskUpdateTool(AgentTaskOperations tasks, ProjectAccess access) : IssueTool<TaskUpdateArgs>(access)
{
    public override string Name => "report_task_update";
    public override string Description => "Report a coding agent's progress on an issue's task (claimed, working, patch_proposed with a diff, done, gave_up); it shows in the issue's activity and goes to task_updated alert rules.";
    public override Permission Needs => Permission.TaskWrite;
    public override bool Changes => true;

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, TaskUpdateArgs args, long issueId, CancellationToken ct) =>
        From(await tasks.ReportAsync(context.Actor, issueId, new AgentTaskReport(args.Status, args.Message, args.Diff, args.Agent, args.ExternalUrl), ct));
}
