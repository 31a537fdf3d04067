using System.Security.Claims;
using System.Text.Json;
using BugSage.Core.Accounts;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Api;

/// <summary>Fix sessions: start one for an issue, list them with filters, read one with its steps, candidates, diffs and validation logs.</summary>
public static class FixSessionsApi
{
    public const string OfflineModelName = "offline engine";
    public const string UnknownModelName = "unknown model";

    public sealed record FixSessionSummary(long Id, long IssueId, string Status, long? ModelId, string ModelName, string RequestedBy, DateTime CreatedAt, DateTime? FinishedAt);

    public sealed record FixSessionDto(long Id, long IssueId, string Status, long? ModelId, string ModelName, string RequestedBy, long? RepositoryId, string? Revision,
        string? Error, DateTime CreatedAt, DateTime? FinishedAt, IReadOnlyList<FixStep> Steps, IReadOnlyList<FixCandidateRecord> Candidates,
        int? ApprovedCandidateId, string? AppliedBranch, string? AppliedCommit, bool Pushed, string? PullRequestUrl, DateTime? MergedAt)
    {
        /// <summary>A validated candidate edits a file that runs during validation: approving it needs a comment.</summary>
        public bool NeedsExtraReview => Candidates.Any(c => c.Validated && c.ExtraReview.Count > 0);
    }

    public sealed record FixSessionList(IReadOnlyList<FixSessionSummary> Items, int Total);

    public static WebApplication MapFixSessionsApi(this WebApplication app)
    {
        app.MapPost("/api/v1/issues/{issueId:long}/fix-sessions", Start).WithTags("Autofix")
            .WithName("StartFixSession").WithSummary("Queue an autofix session for the issue");
        var group = app.MapGroup("/api/v1/fix-sessions").WithTags("Autofix");
        group.MapGet("/", List).WithName("ListFixSessions").WithSummary("Sessions of the caller's organizations: ?status=&modelId=&from=&to=&skip=&limit= → {items, total}");
        group.MapGet("/{sessionId:long}", Get).WithName("GetFixSession").WithSummary("A session with its steps, candidates, diffs and validation logs");
        group.MapPost("/{sessionId:long}/approve", Approve).WithName("ApproveFixSession").WithSummary("Approve a validated candidate ({candidateId?, comment?}; default: the best one)");
        group.MapPost("/{sessionId:long}/reject", Reject).WithName("RejectFixSession").WithSummary("Reject the session's candidates ({comment?})");
        group.MapPost("/{sessionId:long}/apply", Apply).WithName("ApplyFixSession").WithSummary("Apply the approved candidate as branch bugsage/fix-<shortId> with one commit");
        group.MapPost("/{sessionId:long}/cancel", Cancel).WithName("CancelFixSession").WithSummary("Cancel a queued or running session");
        return app;
    }

    internal static async Task<IResult> Start(long issueId, AccessScope scope, AppDbContext db, FixSessionWorker worker, LiveNotifier notifier, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var found = await IssuesApi.FindAsync(issueId, scope, db, ct);
        if (found is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(found.Value.OrganizationId, Permission.IssueWrite, ct))
            return TypedResults.Problem(title: "Your role does not allow starting fix sessions", statusCode: StatusCodes.Status403Forbidden);
        var session = new FixSession
        {
            IssueId = issueId, ProjectId = found.Value.Issue.ProjectId, OrganizationId = found.Value.OrganizationId,
            RequestedBy = http.User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "unknown", CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.FixSessions.Add(session);
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new LiveEvent("fix-session.queued", session.ProjectId, session.IssueId, null, session.Status, session.Id));
        worker.Wake();
        return TypedResults.Accepted($"/api/v1/fix-sessions/{session.Id}", new FixSessionSummary(session.Id, issueId, session.Status, null, OfflineModelName, session.RequestedBy, session.CreatedAt, null));
    }

    private static async Task<Results<Ok<FixSessionList>, ValidationProblem>> List(
        string? status, long? modelId, DateTime? from, DateTime? to, int? skip, int? limit, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (status is not null && !FixSessionStatus.All.Contains(status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"one of {string.Join(", ", FixSessionStatus.All)}"] });
        var orgs = (await scope.RolesAsync(ct)).Keys.ToList();
        var sessions = Filter(db.FixSessions.AsNoTracking().Where(s => orgs.Contains(s.OrganizationId)), status, modelId, from, to);
        var total = await sessions.CountAsync(ct);
        var rows = await sessions.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(limit ?? 25, 1, 100)).ToListAsync(ct);
        return TypedResults.Ok(new FixSessionList(await SummariesAsync(db, rows, ct), total));
    }

    /// <summary>The list's filters, shared with the dashboard's sessions page.</summary>
    internal static IQueryable<FixSession> Filter(IQueryable<FixSession> sessions, string? status, long? modelId, DateTime? from, DateTime? to)
    {
        if (status is not null) sessions = sessions.Where(s => s.Status == status);
        if (modelId is not null) sessions = sessions.Where(s => s.ModelId == modelId);
        if (from is { } f) sessions = sessions.Where(s => s.CreatedAt >= f.ToUniversalTime());
        if (to is { } t) sessions = sessions.Where(s => s.CreatedAt < t.ToUniversalTime());
        return sessions;
    }

    /// <summary>Rows as list items, each with its model's current name.</summary>
    internal static async Task<List<FixSessionSummary>> SummariesAsync(AppDbContext db, IReadOnlyCollection<FixSession> rows, CancellationToken ct)
    {
        var names = await ModelNamesAsync(db, rows, ct);
        return [.. rows.Select(s => new FixSessionSummary(s.Id, s.IssueId, s.Status, s.ModelId, NameOf(s, names), s.RequestedBy, s.CreatedAt, s.FinishedAt))];
    }

    internal static async Task<Results<Ok<FixSessionDto>, NotFound>> Get(long sessionId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var orgs = (await scope.RolesAsync(ct)).Keys.ToList();
        var s = await db.FixSessions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == sessionId && orgs.Contains(x.OrganizationId), ct);
        if (s is null || !await scope.CanReadProjectAsync(s.ProjectId, ct)) return TypedResults.NotFound();
        var names = await ModelNamesAsync(db, [s], ct);
        return TypedResults.Ok(new FixSessionDto(s.Id, s.IssueId, s.Status, s.ModelId, NameOf(s, names), s.RequestedBy, s.RepositoryId, s.Revision, s.Error, s.CreatedAt, s.FinishedAt,
            JsonSerializer.Deserialize<List<FixStep>>(s.Steps, FixSessionWorker.Json) ?? [],
            JsonSerializer.Deserialize<List<FixCandidateRecord>>(s.Candidates, FixSessionWorker.Json) ?? [],
            s.ApprovedCandidateId, s.AppliedBranch, s.AppliedCommit, s.Pushed, s.PullRequestUrl, s.MergedAt));
    }

    /// <param name="AcceptMitigation">
    /// A person accepts a mitigation (it stops the crash; what it does for the input is a guess) in
    /// place of a fix: only for the candidate named, one that passed the sandbox, with a comment saying why.
    /// </param>
    public sealed record Decision(int? CandidateId, [property: System.ComponentModel.DataAnnotations.MaxLength(10_000)] string? Comment, bool AcceptMitigation = false);

    /// <summary>The session if the caller may decide on it (the policy's approvers), or the answer why not.</summary>
    internal static async Task<(FixSession? Session, IResult? Refused)> DecidableAsync(long sessionId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var orgs = (await scope.RolesAsync(ct)).Keys.ToList();
        var session = await db.FixSessions.FirstOrDefaultAsync(x => x.Id == sessionId && orgs.Contains(x.OrganizationId), ct);
        if (session is null || !await scope.CanReadProjectAsync(session.ProjectId, ct)) return (null, TypedResults.NotFound());
        var policy = Core.Analysis.AutofixPolicy.Of(await db.AutofixPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == session.OrganizationId, ct));
        var needed = policy.Approvers == "admins" ? Permission.OrgAdmin : Permission.IssueWrite;
        if (!await scope.CanAsync(session.OrganizationId, needed, ct))
            return (null, TypedResults.Problem(title: $"The autofix policy lets {policy.Approvers} decide on fixes", statusCode: StatusCodes.Status403Forbidden));
        return (session, null);
    }

    private static IResult Conflict(string title) => TypedResults.Problem(title: title, statusCode: StatusCodes.Status409Conflict);

    internal static async Task<IResult> Approve(long sessionId, Decision? decision, AccessScope scope, AppDbContext db, AuditLog audit, LiveNotifier notifier, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (session, refused) = await DecidableAsync(sessionId, scope, db, ct);
        if (session is null) return refused!;
        var candidates = JsonSerializer.Deserialize<List<FixCandidateRecord>>(session.Candidates, FixSessionWorker.Json) ?? [];
        var chosen = decision?.CandidateId is { } id ? candidates.FirstOrDefault(c => c.Id == id) : candidates.Where(c => c.Validated).MinBy(c => c.Rank);
        // A session with only mitigations ends failed: a person may still take one, knowingly, by name and with a reason.
        var acceptedMitigation = decision is { AcceptMitigation: true, CandidateId: not null } && chosen is { Kind: CandidateKind.Mitigation, PassedSandbox: true };
        if (session.Status != FixSessionStatus.AwaitingApproval && !(acceptedMitigation && session.Status == FixSessionStatus.Failed))
            return Conflict($"The session is {session.Status}, not awaiting approval");
        if (acceptedMitigation && string.IsNullOrWhiteSpace(decision?.Comment))
            return Conflict($"Accepting a mitigation ({CandidateKind.MitigationNote}) needs a comment saying why");
        // Only a proved fix may be approved: an unvalidated one is never shipped by BugSage, a mitigation only when a person accepts it as one.
        if (chosen is null || (!chosen.Validated && !acceptedMitigation))
            return Conflict(chosen is { Kind: CandidateKind.Mitigation, PassedSandbox: true }
                ? $"This candidate is a mitigation ({CandidateKind.MitigationNote}): approve it only with acceptMitigation and a comment"
                : "Only a validated candidate can be approved");
        // A fix that edits a file running during validation proved itself with code it chose: a person says they read it.
        if (chosen.ExtraReview.Count > 0 && string.IsNullOrWhiteSpace(decision?.Comment))
            return Conflict("This candidate edits a file that runs during restore, build or test (" + string.Join("; ", chosen.ExtraReview) + "): approving it needs a comment saying it was reviewed");
        session.Status = FixSessionStatus.Approved;
        session.ApprovedCandidateId = chosen.Id;
        await RecordAsync(db, audit, notifier, clock, http, session, "fix.approved", decision?.Comment, new { candidate = chosen.Id, chosen.Summary, chosen.Kind }, ct);
        return TypedResults.Ok(new { session.Id, session.Status, candidateId = chosen.Id });
    }

    internal static async Task<IResult> Reject(long sessionId, Decision? decision, AccessScope scope, AppDbContext db, AuditLog audit, LiveNotifier notifier, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (session, refused) = await DecidableAsync(sessionId, scope, db, ct);
        if (session is null) return refused!;
        if (session.Status is not (FixSessionStatus.AwaitingApproval or FixSessionStatus.Approved)) return Conflict($"The session is {session.Status}");
        session.Status = FixSessionStatus.Rejected;
        await RecordAsync(db, audit, notifier, clock, http, session, "fix.rejected", decision?.Comment, null, ct);
        return TypedResults.Ok(new { session.Id, session.Status });
    }

    internal static async Task<IResult> Cancel(long sessionId, AccessScope scope, AppDbContext db, AuditLog audit, LiveNotifier notifier, CancellationToken ct)
    {
        var (session, refused) = await DecidableAsync(sessionId, scope, db, ct);
        if (session is null) return refused!;
        // A queued session never starts; the node running a running one notices within a second and stops it.
        var cancelled = await db.FixSessions.Where(x => x.Id == sessionId && (x.Status == FixSessionStatus.Queued || x.Status == FixSessionStatus.Running))
            .ExecuteUpdateAsync(x => x.SetProperty(s => s.Status, FixSessionStatus.Cancelled), ct);
        if (cancelled == 0) return Conflict($"Only a queued or running session can be cancelled; this one is {session.Status}");
        audit.Record("fix.cancelled", session.OrganizationId, target: $"fix-session/{session.Id}");
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new LiveEvent("fix-session.updated", session.ProjectId, session.IssueId, null, FixSessionStatus.Cancelled, session.Id));
        return TypedResults.Ok(new { session.Id, Status = FixSessionStatus.Cancelled });
    }

    internal static async Task<IResult> Apply(long sessionId, AccessScope scope, AppDbContext db, AuditLog audit, LiveNotifier notifier, FixDelivery delivery,
        Hosting.PublicUrl publicUrl, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (session, refused) = await DecidableAsync(sessionId, scope, db, ct);
        if (session is null) return refused!;
        if (session.Status != FixSessionStatus.Approved) return Conflict($"The session is {session.Status}: approve a validated candidate first");
        var issue = (await IssuesApi.FindAsync(session.IssueId, scope, db, ct))!.Value;
        var url = new Uri(publicUrl.Resolve(http.Request), $"issues/{session.IssueId}").ToString();
        FixDelivery.Delivered delivered;
        try
        {
            delivered = await delivery.DeliverAsync(db, session, IssueDto.FormatShortId(issue.ProjectSlug, issue.Issue.ShortNumber), issue.Issue.Title, url,
                http.User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "a member", ct);
        }
        catch (InvalidOperationException e)
        {
            return Conflict(e.Message);
        }
        var result = new
        {
            session.Id, session.Status, delivered.Branch, delivered.Commit, delivered.Pushed, delivered.PushError, delivered.PullRequestUrl, delivered.PullRequestError,
        };
        await RecordAsync(db, audit, notifier, clock, http, session, "fix.applied", null, result, ct);
        return TypedResults.Ok(result);
    }

    /// <summary>Audits a decision and writes it to the issue's activity, with the comment when one was given.</summary>
    private static async Task RecordAsync(AppDbContext db, AuditLog audit, LiveNotifier notifier, TimeProvider clock, HttpContext http, FixSession session, string action, string? comment, object? details, CancellationToken ct)
    {
        var email = http.User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "unknown";
        var userId = long.TryParse(http.User.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : (long?)null;
        audit.Record(action, session.OrganizationId, target: $"fix-session/{session.Id}", details: new { details, comment });
        db.IssueActivities.Add(Core.Issues.IssueActivity.Of(session.IssueId, action.Replace('.', '_'), new Core.Issues.Actor(userId, email), clock.GetUtcNow().UtcDateTime,
            new { session = session.Id, comment, details }));
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new LiveEvent("fix-session.updated", session.ProjectId, session.IssueId, null, session.Status, session.Id));
    }

    private static async Task<Dictionary<long, string>> ModelNamesAsync(AppDbContext db, IReadOnlyCollection<FixSession> sessions, CancellationToken ct)
    {
        var ids = sessions.Where(s => s.ModelId is not null).Select(s => s.ModelId!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.AiModels.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
    }

    /// <summary>The model's current name; "unknown model" when its configuration is gone; the offline engine when none was used.</summary>
    private static string NameOf(FixSession s, Dictionary<long, string> names) =>
        s.ModelId is not { } id ? OfflineModelName : names.TryGetValue(id, out var name) ? name : UnknownModelName;
}
