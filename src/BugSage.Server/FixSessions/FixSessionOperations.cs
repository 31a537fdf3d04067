using System.Text.Json;
using BugSage.Core.Accounts;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Processing;
using BugSage.Server.Auth;
using BugSage.Server.Issues;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.FixSessions;

/// <summary>
/// Fix sessions: start one for an issue (members who may triage), list and read them (project
/// readers), and decide on them: approve, reject, apply, cancel (whom the autofix policy names as
/// approvers). Every decision is audited and written to the issue's activity.
/// </summary>
public sealed class FixSessionOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, FixSessionWorker worker, LiveNotifier notifier, AuditLog audit,
    FixDelivery delivery, TimeProvider clock)
{
    public const string OfflineModelName = "offline engine";
    public const string UnknownModelName = "unknown model";

    public async Task<OperationResult<FixSessionSummary>> StartAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, "Your role does not allow starting fix sessions");
        if (found.Value is not { } f) return found.As<FixSessionSummary>();
        var session = new FixSession
        {
            IssueId = issueId, ProjectId = f.Issue.ProjectId, OrganizationId = f.OrganizationId, RequestedBy = actor.Label, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.FixSessions.Add(session);
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new LiveEvent("fix-session.queued", session.ProjectId, session.IssueId, null, session.Status, session.Id));
        worker.Wake();
        return Operation.Ok(new FixSessionSummary(session.Id, issueId, session.Status, null, OfflineModelName, session.RequestedBy, session.CreatedAt, null));
    }

    /// <summary>Sessions of the actor's organizations (or of one project), newest first, with the total that match.</summary>
    public async Task<OperationResult<FixSessionList>> ListAsync(AccessScope actor, FixSessionFilter filter, CancellationToken ct)
    {
        if (filter.Status is not null && !FixSessionStatus.All.Contains(filter.Status))
            return Operation.Invalid<FixSessionList>("status", $"one of {string.Join(", ", FixSessionStatus.All)}");
        var orgs = (await access.OrganizationsWhereAsync(actor, Permission.ProjectRead, ct)).ToList();
        var sessions = db.FixSessions.AsNoTracking().Where(s => orgs.Contains(s.OrganizationId));
        if (filter.ProjectId is { } projectId)
        {
            if (!await access.SeesProjectAsync(actor, projectId, ct)) return Operation.NotFound<FixSessionList>();
            sessions = sessions.Where(s => s.ProjectId == projectId);
        }
        sessions = Filter(sessions, filter);
        var total = await sessions.CountAsync(ct);
        var rows = await sessions.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip(Math.Max(0, filter.Skip ?? 0)).Take(Math.Clamp(filter.Limit ?? 25, 1, 100)).ToListAsync(ct);
        return Operation.Ok(new FixSessionList(await SummariesAsync(rows, ct), total));
    }

    /// <summary>A project's sessions for its page: each with its issue's short id and title, and the organization's models.</summary>
    public async Task<OperationResult<ProjectFixSessions>> ForProjectAsync(AccessScope actor, long projectId, FixSessionFilter filter, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        if (project.Value is not { } p) return project.As<ProjectFixSessions>();
        var status = FixSessionStatus.All.Contains(filter.Status) ? filter.Status : null;
        var listed = await ListAsync(actor, filter with { Status = status, ProjectId = projectId }, ct);
        if (listed.Value is not { } list) return listed.As<ProjectFixSessions>();
        var ids = list.Items.Select(s => s.IssueId).Distinct().ToList();
        var titles = await db.Issues.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.ShortNumber, i.Title }).ToListAsync(ct);
        var models = await db.AiModels.AsNoTracking().Where(m => m.OrganizationId == p.OrganizationId).OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
        return Operation.Ok(new ProjectFixSessions(p.Name, list.Items, list.Total,
            titles.ToDictionary(i => i.Id, i => $"{IssueDto.FormatShortId(p.Slug, i.ShortNumber)} {i.Title}"), [.. models.Select(m => (m.Id, m.Name))]));
    }

    /// <summary>An issue's latest sessions (ten).</summary>
    public async Task<OperationResult<List<FixSessionSummary>>> ForIssueAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<List<FixSessionSummary>>();
        return Operation.Ok(await SummariesAsync(await db.FixSessions.AsNoTracking().Where(f => f.IssueId == issueId).OrderByDescending(f => f.Id).Take(10).ToListAsync(ct), ct));
    }

    public async Task<OperationResult<FixSessionDto>> GetAsync(AccessScope actor, long sessionId, CancellationToken ct)
    {
        var found = await access.FixSessionAsync(actor, sessionId, ct);
        if (found.Value is not { } s) return found.As<FixSessionDto>();
        var names = await ModelNamesAsync([s], ct);
        return Operation.Ok(new FixSessionDto(s.Id, s.IssueId, s.Status, s.ModelId, NameOf(s, names), s.RequestedBy, s.RepositoryId, s.Revision, s.Error, s.CreatedAt, s.FinishedAt,
            JsonSerializer.Deserialize<List<FixStep>>(s.Steps, FixSessionWorker.Json) ?? [],
            JsonSerializer.Deserialize<List<FixCandidateRecord>>(s.Candidates, FixSessionWorker.Json) ?? [],
            s.ApprovedCandidateId, s.AppliedBranch, s.AppliedCommit, s.Pushed, s.PullRequestUrl, s.MergedAt)
        {
            Reproduction = s.Reproduction is { } reproduction ? JsonSerializer.Deserialize<Core.Autofix.Reproduction.ReproductionRecord>(reproduction, FixSessionWorker.Json) : null,
            ModelTranscript = s.ModelTranscript is { } transcript ? JsonSerializer.Deserialize<List<Core.Autofix.Candidates.Agent.FixAgentCall>>(transcript, FixSessionWorker.Json) ?? [] : [],
        });
    }

    /// <summary>The session with its issue and whether the actor may decide on it, for the session's page.</summary>
    public async Task<OperationResult<FixSessionView>> ViewAsync(AccessScope actor, long sessionId, CancellationToken ct)
    {
        var session = await GetAsync(actor, sessionId, ct);
        if (session.Value is not { } s) return session.As<FixSessionView>();
        var issue = await access.IssueAsync(actor, s.IssueId, ct);
        if (issue.Value is not { } i) return issue.As<FixSessionView>();
        var mayDecide = (await DecidableAsync(actor, sessionId, ct)).Succeeded;
        return Operation.Ok(new FixSessionView(s, i.Issue.ProjectId, IssueDto.FormatShortId(i.ProjectSlug, i.Issue.ShortNumber), i.Issue.Title, mayDecide));
    }

    public async Task<OperationResult<DecisionResult>> ApproveAsync(AccessScope actor, long sessionId, Decision? decision, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(decision, ct) is { } problems) return Operation.Invalid<DecisionResult>(problems);
        var decidable = await DecidableAsync(actor, sessionId, ct);
        if (decidable.Value is not { } session) return decidable.As<DecisionResult>();
        var candidates = JsonSerializer.Deserialize<List<FixCandidateRecord>>(session.Candidates, FixSessionWorker.Json) ?? [];
        var chosen = decision?.CandidateId is { } id ? candidates.FirstOrDefault(c => c.Id == id) : candidates.Where(c => c.Validated).MinBy(c => c.Rank);
        // A session with only mitigations ends failed: a person may still take one, knowingly, by name and with a reason.
        var acceptedMitigation = decision is { AcceptMitigation: true, CandidateId: not null } && chosen is { Kind: CandidateKind.Mitigation, PassedSandbox: true };
        if (session.Status != FixSessionStatus.AwaitingApproval && !(acceptedMitigation && session.Status == FixSessionStatus.Failed))
            return Conflict<DecisionResult>($"The session is {session.Status}, not awaiting approval");
        if (acceptedMitigation && string.IsNullOrWhiteSpace(decision?.Comment))
            return Conflict<DecisionResult>($"Accepting a mitigation ({CandidateKind.MitigationNote}) needs a comment saying why");
        // Only a proved fix may be approved: an unvalidated one is never shipped by BugSage, a mitigation only when a person accepts it as one.
        if (chosen is null || (!chosen.Validated && !acceptedMitigation))
            return Conflict<DecisionResult>(chosen is { Kind: CandidateKind.Mitigation, PassedSandbox: true }
                ? $"This candidate is a mitigation ({CandidateKind.MitigationNote}): approve it only with acceptMitigation and a comment"
                : "Only a validated candidate can be approved");
        // A fix that edits a file running during validation, or adds a process exit or a test skip, proved itself with code it chose: a person says they read it.
        if (chosen.ExtraReview.Count > 0 && string.IsNullOrWhiteSpace(decision?.Comment))
            return Conflict<DecisionResult>("This candidate needs a person's review (" + string.Join("; ", chosen.ExtraReview) + "): approving it needs a comment saying it was reviewed");
        session.Status = FixSessionStatus.Approved;
        session.ApprovedCandidateId = chosen.Id;
        await RecordAsync(actor, session, "fix.approved", decision?.Comment, new { candidate = chosen.Id, chosen.Summary, chosen.Kind }, ct);
        return Operation.Ok(new DecisionResult(session.Id, session.Status, chosen.Id));
    }

    public async Task<OperationResult<DecisionResult>> RejectAsync(AccessScope actor, long sessionId, string? comment, CancellationToken ct)
    {
        var decidable = await DecidableAsync(actor, sessionId, ct);
        if (decidable.Value is not { } session) return decidable.As<DecisionResult>();
        if (session.Status is not (FixSessionStatus.AwaitingApproval or FixSessionStatus.Approved)) return Conflict<DecisionResult>($"The session is {session.Status}");
        session.Status = FixSessionStatus.Rejected;
        await RecordAsync(actor, session, "fix.rejected", comment, null, ct);
        return Operation.Ok(new DecisionResult(session.Id, session.Status));
    }

    public async Task<OperationResult<DecisionResult>> CancelAsync(AccessScope actor, long sessionId, CancellationToken ct)
    {
        var decidable = await DecidableAsync(actor, sessionId, ct);
        if (decidable.Value is not { } session) return decidable.As<DecisionResult>();
        // A queued session never starts; the node running a running one notices within a second and stops it.
        var cancelled = await db.FixSessions.Where(x => x.Id == sessionId && (x.Status == FixSessionStatus.Queued || x.Status == FixSessionStatus.Running))
            .ExecuteUpdateAsync(x => x.SetProperty(s => s.Status, FixSessionStatus.Cancelled), ct);
        if (cancelled == 0) return Conflict<DecisionResult>($"Only a queued or running session can be cancelled; this one is {session.Status}");
        audit.Record("fix.cancelled", session.OrganizationId, target: $"fix-session/{session.Id}");
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new LiveEvent("fix-session.updated", session.ProjectId, session.IssueId, null, FixSessionStatus.Cancelled, session.Id));
        return Operation.Ok(new DecisionResult(session.Id, FixSessionStatus.Cancelled));
    }

    /// <summary>Ships the approved candidate as a branch (and pull request when configured); <paramref name="baseUrl"/> is where the server is reached, for the link back.</summary>
    public async Task<OperationResult<AppliedFix>> ApplyAsync(AccessScope actor, long sessionId, Uri baseUrl, CancellationToken ct)
    {
        var decidable = await DecidableAsync(actor, sessionId, ct);
        if (decidable.Value is not { } session) return decidable.As<AppliedFix>();
        if (session.Status != FixSessionStatus.Approved) return Conflict<AppliedFix>($"The session is {session.Status}: approve a validated candidate first");
        var issue = (await access.IssueAsync(actor, session.IssueId, ct)).Value!;
        var url = new Uri(baseUrl, $"issues/{session.IssueId}").ToString();
        FixDelivery.Delivered delivered;
        try
        {
            delivered = await delivery.DeliverAsync(db, session, IssueDto.FormatShortId(issue.ProjectSlug, issue.Issue.ShortNumber), issue.Issue.Title, url,
                actor.Label, ct);
        }
        catch (InvalidOperationException e)
        {
            return Conflict<AppliedFix>(e.Message);
        }
        var result = new AppliedFix(session.Id, session.Status, delivered.Branch, delivered.Commit, delivered.Pushed, delivered.PushError, delivered.PullRequestUrl, delivered.PullRequestError);
        await RecordAsync(actor, session, "fix.applied", null, result, ct);
        return Operation.Ok(result);
    }

    /// <summary>The session if the actor may decide on it (the policy's approvers), or why not.</summary>
    private async Task<OperationResult<FixSession>> DecidableAsync(AccessScope actor, long sessionId, CancellationToken ct)
    {
        var found = await access.FixSessionAsync(actor, sessionId, ct);
        if (found.Value is not { } session) return found;
        var policy = Core.Analysis.AutofixPolicy.Of(await db.AutofixPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == session.OrganizationId, ct));
        var needed = policy.Approvers == "admins" ? Permission.OrgAdmin : Permission.IssueWrite;
        var allowed = await access.RequireAsync(actor, session.OrganizationId, needed, $"The autofix policy lets {policy.Approvers} decide on fixes", ct);
        return allowed.Succeeded ? found : allowed.As<FixSession>();
    }

    private static OperationResult<T> Conflict<T>(string title) => Operation.Refused<T>(OperationStatus.Conflict, title);

    /// <summary>Audits a decision and writes it to the issue's activity, with the comment when one was given.</summary>
    private async Task RecordAsync(AccessScope actor, FixSession session, string action, string? comment, object? details, CancellationToken ct)
    {
        audit.Record(action, session.OrganizationId, target: $"fix-session/{session.Id}", details: new { details, comment });
        db.IssueActivities.Add(IssueActivity.Of(session.IssueId, action.Replace('.', '_'), actor.ForActivity(), clock.GetUtcNow().UtcDateTime,
            new { session = session.Id, comment, details }));
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new LiveEvent("fix-session.updated", session.ProjectId, session.IssueId, null, session.Status, session.Id));
    }

    private static IQueryable<FixSession> Filter(IQueryable<FixSession> sessions, FixSessionFilter filter)
    {
        if (filter.Status is { } status) sessions = sessions.Where(s => s.Status == status);
        if (filter.ModelId is { } modelId) sessions = sessions.Where(s => s.ModelId == modelId);
        if (filter.From is { } f) sessions = sessions.Where(s => s.CreatedAt >= f.ToUniversalTime());
        if (filter.To is { } t) sessions = sessions.Where(s => s.CreatedAt < t.ToUniversalTime());
        return sessions;
    }

    /// <summary>Rows as list items, each with its model's current name.</summary>
    private async Task<List<FixSessionSummary>> SummariesAsync(IReadOnlyCollection<FixSession> rows, CancellationToken ct)
    {
        var names = await ModelNamesAsync(rows, ct);
        return [.. rows.Select(s => new FixSessionSummary(s.Id, s.IssueId, s.Status, s.ModelId, NameOf(s, names), s.RequestedBy, s.CreatedAt, s.FinishedAt))];
    }

    private async Task<Dictionary<long, string>> ModelNamesAsync(IReadOnlyCollection<FixSession> sessions, CancellationToken ct)
    {
        var ids = sessions.Where(s => s.ModelId is not null).Select(s => s.ModelId!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.AiModels.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
    }

    /// <summary>The model's current name; "unknown model" when its configuration is gone; the offline engine when none was used.</summary>
    private static string NameOf(FixSession s, Dictionary<long, string> names) =>
        s.ModelId is not { } id ? OfflineModelName : names.TryGetValue(id, out var name) ? name : UnknownModelName;
}
