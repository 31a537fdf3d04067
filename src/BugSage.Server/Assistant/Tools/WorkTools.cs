using System.ComponentModel;
using BugSage.Server.Analyses;
using BugSage.Server.FixSessions;
using BugSage.Server.Operations;

namespace BugSage.Server.Assistant.Tools;

/// <summary>get_analysis: an issue's latest root-cause analysis.</summary>
public sealed class GetAnalysisTool(AnalysisOperations analyses, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "get_analysis";
    public override string Description => "Why an issue happens: its latest root-cause analysis (category, explanation, suggested fix, confidence) and whether a newer one is running.";

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct) =>
        From(await analyses.LatestAsync(context.Actor, issueId, ct), latest => new
        {
            issueId = issueId,
            done = latest.Done is { } d ? AnalysisDto.From(d) : null,
            result = latest.Result,
            pending = latest.Pending is { } p ? AnalysisDto.From(p) : null,
        });
}

/// <summary>start_analysis: queues a root-cause analysis.</summary>
public sealed class StartAnalysisTool(AnalysisOperations analyses, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "start_analysis";
    public override string Description => "Queue a new root-cause analysis of an issue; get_analysis reads it when done.";
    public override Core.Accounts.Permission Needs => Core.Accounts.Permission.IssueWrite;
    public override bool Changes => true;

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct) =>
        From(await analyses.StartAsync(context.Actor, issueId, ct));
}

/// <summary>start_fix_session: asks for a fix, proved in the sandbox before anyone may approve it.</summary>
public sealed class StartFixSessionTool(FixSessionOperations sessions, ProjectAccess access) : IssueTool<IssueArgs>(access)
{
    public override string Name => "start_fix_session";
    public override string Description => "Start a fix session for an issue: reproduce it, propose candidate patches and validate them in the sandbox. A person approves the result before anything ships.";
    public override Core.Accounts.Permission Needs => Core.Accounts.Permission.IssueWrite;
    public override bool Changes => true;

    protected override async Task<ToolOutcome> RunOnIssueAsync(ToolContext context, IssueArgs args, long issueId, CancellationToken ct) =>
        From(await sessions.StartAsync(context.Actor, issueId, ct));
}

public sealed record FixSessionArgs : IssueArgs
{
    [Description("The fix session's numeric id; without it, the issue's latest sessions are listed.")]
    public long? SessionId { get; init; }
}

/// <summary>get_fix_session: one fix session with its steps and candidates, or an issue's latest sessions.</summary>
public sealed class GetFixSessionTool(FixSessionOperations sessions, ProjectAccess access) : AssistantTool<FixSessionArgs>
{
    public override string Name => "get_fix_session";
    public override string Description => "A fix session with its steps, candidates and their validation, or (given an issue) that issue's latest sessions.";

    protected override async Task<ToolOutcome> RunAsync(ToolContext context, FixSessionArgs args, CancellationToken ct)
    {
        if (args.SessionId is { } sessionId) return From(await sessions.GetAsync(context.Actor, sessionId, ct));
        var id = await ToolTargets.IssueAsync(access, context, args, ct);
        return id.Succeeded ? From(await sessions.ForIssueAsync(context.Actor, id.Value, ct)) : From(id);
    }
}
