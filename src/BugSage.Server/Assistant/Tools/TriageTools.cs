using System.ComponentModel;
using BugSage.Core.Accounts;
using BugSage.Core.Issues;
using BugSage.Server.Issues;
using BugSage.Server.Operations;

namespace BugSage.Server.Assistant.Tools;

/// <summary>resolve_issue: marks an issue resolved.</summary>
public sealed class ResolveIssueTool(IssueTriageOperations triage, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "resolve_issue";
    public override string Description => "Mark an issue resolved; a new event after that reopens it as a regression.";
    public override Permission Needs => Permission.IssueWrite;
    public override bool Changes => true;

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct) =>
        From(await triage.UpdateAsync(context.Actor, issueId, new IssueUpdate { Status = IssueStatus.Resolved }, ct));
}

/// <summary>ignore_issue: archives an issue until it escalates.</summary>
public sealed class IgnoreIssueTool(IssueTriageOperations triage, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "ignore_issue";
    public override string Description => "Archive (ignore) an issue until it escalates.";
    public override Permission Needs => Permission.IssueWrite;
    public override bool Changes => true;

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct)
    {
        var update = new IssueUpdate { Status = IssueStatus.Ignored, Ignore = new IgnoreCondition(UntilEscalating: true) };
        return From(await triage.UpdateAsync(context.Actor, issueId, update, ct));
    }
}

public sealed record AssignIssueArgs : IssueArgs
{
    [Description("me, a member's email, or none to unassign.")]
    public required string Assignee { get; init; }
}

/// <summary>assign_issue: gives an issue to a member of its organization.</summary>
public sealed class AssignIssueTool(IssueTriageOperations triage, ProjectAccess access) : IssueTool<AssignIssueArgs>(access)
{
    public override string Name => "assign_issue";
    public override string Description => "Assign an issue to yourself (me), to a member by email, or to nobody (none).";
    public override Permission Needs => Permission.IssueWrite;
    public override bool Changes => true;

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, AssignIssueArgs args, long issueId, CancellationToken ct) =>
        From(await triage.AssignAsync(context.Actor, issueId, args.Assignee, ct));
}

public sealed record CommentArgs : IssueArgs
{
    [Description("The comment, 1 to 10,000 characters.")]
    public required string Text { get; init; }
}

/// <summary>comment_on_issue: adds a comment to an issue's activity.</summary>
public sealed class CommentOnIssueTool(IssueTriageOperations triage, ProjectAccess access) : IssueTool<CommentArgs>(access)
{
    public override string Name => "comment_on_issue";
    public override string Description => "Add a comment to an issue's activity, under your name.";
    public override Permission Needs => Permission.IssueWrite;
    public override bool Changes => true;

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, CommentArgs args, long issueId, CancellationToken ct) =>
        From(await triage.CommentAsync(context.Actor, issueId, args.Text, ct));
}
