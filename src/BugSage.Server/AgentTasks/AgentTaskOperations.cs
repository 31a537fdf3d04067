using System.Text;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.AgentTasks;
using BugSage.Core.Analysis;
using BugSage.Core.Alerts;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.AgentTasks;

/// <summary>
/// An issue as a task for an external coding agent: its document (anyone who may read the issue) and
/// the agents' reports on it (members, or a token with <c>tasks:write</c>). A report lands in the issue's
/// activity and goes out to the project's <c>task_updated</c> alert rules in the same save.
/// </summary>
public sealed class AgentTaskOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, TaskDocumentBuilder documents, WorkAlerts alerts, IssueLinks links,
    FixSessionWorker validation, TimeProvider clock)
{
    public const int MaxListed = 200;
    private const string NoReports = "Your role or token does not allow reporting on tasks (the tasks:write scope)";

    public async Task<OperationResult<TaskDocument>> DocumentAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        return found.Value is { } f ? Operation.Ok(await documents.BuildAsync(f, ct)) : found.As<TaskDocument>();
    }

    /// <summary>The issue's reports, oldest first (the newest <see cref="MaxListed"/>).</summary>
    public async Task<OperationResult<Page<AgentTaskUpdateDto>>> UpdatesAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<Page<AgentTaskUpdateDto>>();
        var rows = await db.AgentTaskUpdates.AsNoTracking().Where(u => u.IssueId == issueId).OrderByDescending(u => u.Id).Take(MaxListed).ToListAsync(ct);
        return Operation.Ok(new Page<AgentTaskUpdateDto>([.. rows.OrderBy(u => u.Id).Select(u => AgentTaskUpdateDto.From(u))], null));
    }

    /// <summary>One report with its diff.</summary>
    public async Task<OperationResult<AgentTaskUpdateDto>> UpdateAsync(AccessScope actor, long issueId, long updateId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<AgentTaskUpdateDto>();
        var row = await db.AgentTaskUpdates.AsNoTracking().FirstOrDefaultAsync(u => u.Id == updateId && u.IssueId == issueId, ct);
        return row is null ? Operation.NotFound<AgentTaskUpdateDto>() : Operation.Ok(AgentTaskUpdateDto.From(row, withDiff: true));
    }

    /// <summary>
    /// Why <paramref name="actor"/> may not report on a task another has claimed, or null when it holds the claim. A claim
    /// belongs to the credentials that made it (the token, or the person signed in); a person may still give up an
    /// agent's claim for it, so a task held by an agent that died can be freed.
    /// </summary>
    private async Task<string?> NotHolderAsync(AccessScope actor, long issueId, string status, CancellationToken ct)
    {
        var claim = await db.AgentTaskUpdates.Where(u => u.IssueId == issueId && u.Status == AgentTaskStatus.Claimed).OrderByDescending(u => u.Sequence)
            .Select(u => new { u.UserId, u.TokenId, u.AgentName, u.ReportedBy }).FirstOrDefaultAsync(ct);
        if (claim is null || (claim.UserId == actor.UserId && claim.TokenId == actor.TokenId)) return null;
        if (status == AgentTaskStatus.GaveUp && actor.TokenId is null) return null;
        return $"the task is held by the agent that claimed it ({claim.AgentName ?? claim.ReportedBy}); only it reports on the task until it reports done or gave_up";
    }

    /// <summary>
    /// Why a proposed patch may not start a sandbox run now, or null when it may: one run at a time per issue (the agent
    /// proposes its next patch once the last is judged), and no more agent runs an hour in a project than the
    /// organization's autofix policy lets BugSage start on its own.
    /// </summary>
    private async Task<string?> SandboxRefusalAsync(long issueId, long projectId, long organizationId, CancellationToken ct)
    {
        var running = await db.FixSessions.Where(s => s.IssueId == issueId && (s.Status == FixSessionStatus.Queued || s.Status == FixSessionStatus.Running))
            .Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        if (running is { } id) return $"fix session {id} of this issue is still validating; propose the next patch when it ends";
        var policy = AutofixPolicy.Of(await db.AutofixPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == organizationId, ct));
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var lastHour = await db.AgentTaskUpdates.CountAsync(u => u.ProjectId == projectId && u.FixSessionId != null && u.CreatedAt > since, ct);
        return lastHour >= policy.MaxAutomaticRunsPerHour
            ? $"agents' patches started {lastHour} validations in this project in the last hour, the organization's limit (maxAutomaticRunsPerHour); propose it later"
            : null;
    }

    /// <summary>
    /// Records an agent's report if it may follow the task's current state (<see cref="AgentTaskStatus.Refusal"/>).
    /// A proposed diff is judged as validation judges any candidate's (<see cref="PatchGuard"/>) before it is kept.
    /// </summary>
    public async Task<OperationResult<AgentTaskUpdateDto>> ReportAsync(AccessScope actor, long issueId, AgentTaskReport report, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.TaskWrite, ct, NoReports);
        if (found.Value is not { } f) return found.As<AgentTaskUpdateDto>();
        if (await inputs.ProblemsAsync(report, ct) is { } problems) return Operation.Invalid<AgentTaskUpdateDto>(problems);
        if (Invalid(report) is { } invalid) return invalid;
        var status = report.Status!;
        var diff = string.IsNullOrWhiteSpace(report.Diff) ? null : report.Diff;
        if (diff is not null)
        {
            var bytes = Encoding.UTF8.GetByteCount(diff);
            if (bytes > AgentTaskLimits.MaxDiffBytes)
                return Operation.Refused<AgentTaskUpdateDto>(OperationStatus.TooLarge, "The diff is too large.", $"{bytes:N0} bytes; at most {AgentTaskLimits.MaxDiffBytes:N0}.");
            // Judged without the culprit exemption a fix session's own candidates get: the agent's patch is reviewed as an outsider's.
            if (PatchGuard.Problems(diff) is { Count: > 0 } refused)
                return Operation.Invalid<AgentTaskUpdateDto>(new Dictionary<string, string[]> { ["diff"] = [.. refused] }, OperationStatus.Unprocessable,
                    "Validation would refuse this patch.");
        }
        var current = await db.AgentTaskUpdates.Where(u => u.IssueId == issueId).OrderByDescending(u => u.Sequence)
            .Select(u => new { u.Status, u.Sequence }).FirstOrDefaultAsync(ct);
        if (AgentTaskStatus.Refusal(current?.Status, status) is { } refusal) return Operation.Conflict<AgentTaskUpdateDto>(refusal);
        if (status != AgentTaskStatus.Claimed && await NotHolderAsync(actor, issueId, status, ct) is { } holder)
            return Operation.Conflict<AgentTaskUpdateDto>(holder);
        var queuesSession = diff is not null && await db.Repositories.AnyAsync(r => r.ProjectId == f.Issue.ProjectId, ct);
        if (queuesSession && await SandboxRefusalAsync(issueId, f.Issue.ProjectId, f.OrganizationId, ct) is { } busy)
            return Operation.Conflict<AgentTaskUpdateDto>(busy);

        var now = clock.GetUtcNow().UtcDateTime;
        var update = new AgentTaskUpdate
        {
            IssueId = issueId, ProjectId = f.Issue.ProjectId, Sequence = (current?.Sequence ?? 0) + 1, Status = status,
            Message = Clean(report.Message), Diff = diff?.Storable(), AgentName = Clean(report.Agent), ExternalUrl = Clean(report.ExternalUrl), UserId = actor.UserId, TokenId = actor.TokenId, ReportedBy = actor.Label, CreatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        FixSession? session = null;
        if (queuesSession)
        {
            // The patch enters validation as any candidate does: a fix session proves it in the sandbox, and a person approves it.
            session = new FixSession { IssueId = issueId, ProjectId = f.Issue.ProjectId, OrganizationId = f.OrganizationId, RequestedBy = actor.Label, CreatedAt = now };
            db.FixSessions.Add(session);
        }
        // Saved first for their ids, which the report, the activity and the webhook link to; the transaction keeps them together.
        try
        {
            if (session is not null)
            {
                await db.SaveChangesAsync(ct);
                update.FixSessionId = session.Id;
            }
            db.AgentTaskUpdates.Add(update);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The one constraint a new report can break (its issue and project were just read) is its place in the
            // history: another report took it since the state was read (two agents claiming at once). Refused whole.
            db.ChangeTracker.Clear();
            return Operation.Conflict<AgentTaskUpdateDto>("another report on this task arrived at the same time; read the task's state again");
        }
        var dto = AgentTaskUpdateDto.From(update);
        db.IssueActivities.Add(IssueActivity.Of(issueId, ActivityKinds.TaskUpdate, actor.ForActivity(), now, new
        {
            status, agent = update.AgentName, message = update.Message?.Truncate(500), diff = dto.DiffUrl, externalUrl = update.ExternalUrl, updateId = update.Id,
            fixSessionId = update.FixSessionId,
        }));
        var summary = $"{update.AgentName ?? "an agent"}: {status.Replace('_', ' ')}";
        await alerts.FireAsync(db, AlertTriggers.TaskUpdated, issueId, new NotifiedWork("task_update", update.Id, summary, links.Issue(issueId), null,
            new NotifiedTaskUpdate(update.Id, status, update.AgentName, update.Message?.Truncate(2_000), diff is not null,
                dto.DiffUrl is { } url ? links.Absolute(url) : null, update.ExternalUrl, update.ReportedBy)), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (session is not null) validation.Wake();
        return Operation.Created(dto);
    }

    private static OperationResult<AgentTaskUpdateDto>? Invalid(AgentTaskReport report)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(report.Status) || !AgentTaskStatus.All.Contains(report.Status))
            errors["status"] = [$"one of {string.Join(", ", AgentTaskStatus.All)}"];
        if (report.ExternalUrl is { Length: > 0 } external && (!Uri.TryCreate(external, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            errors["externalUrl"] = ["an absolute http(s) URL"];
        var hasDiff = !string.IsNullOrWhiteSpace(report.Diff);
        if (report.Status == AgentTaskStatus.PatchProposed && !hasDiff) errors["diff"] = ["a proposed patch needs its unified diff"];
        if (report.Status is { } s && s != AgentTaskStatus.PatchProposed && hasDiff) errors["diff"] = ["only a patch_proposed report carries a diff"];
        return errors.Count == 0 ? null : Operation.Invalid<AgentTaskUpdateDto>(errors);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().Storable();
}
