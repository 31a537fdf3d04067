using System.Security.Claims;
using System.Text.Json;
using BugSage.Core.Accounts;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
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
        string? Error, DateTime CreatedAt, DateTime? FinishedAt, IReadOnlyList<FixStep> Steps, IReadOnlyList<FixCandidateRecord> Candidates);

    public sealed record FixSessionList(IReadOnlyList<FixSessionSummary> Items, int Total);

    public static WebApplication MapFixSessionsApi(this WebApplication app)
    {
        app.MapPost("/api/v1/issues/{issueId:long}/fix-sessions", Start).WithTags("Autofix")
            .WithName("StartFixSession").WithSummary("Queue an autofix session for the issue");
        var group = app.MapGroup("/api/v1/fix-sessions").WithTags("Autofix");
        group.MapGet("/", List).WithName("ListFixSessions").WithSummary("Sessions of the caller's organizations: ?status=&modelId=&from=&to=&skip=&limit= → {items, total}");
        group.MapGet("/{sessionId:long}", Get).WithName("GetFixSession").WithSummary("A session with its steps, candidates, diffs and validation logs");
        return app;
    }

    private static async Task<IResult> Start(long issueId, AccessScope scope, AppDbContext db, FixSessionWorker worker, TimeProvider clock, HttpContext http, CancellationToken ct)
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
        worker.Wake();
        return TypedResults.Accepted($"/api/v1/fix-sessions/{session.Id}", new FixSessionSummary(session.Id, issueId, session.Status, null, OfflineModelName, session.RequestedBy, session.CreatedAt, null));
    }

    private static async Task<Results<Ok<FixSessionList>, ValidationProblem>> List(
        string? status, long? modelId, DateTime? from, DateTime? to, int? skip, int? limit, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (status is not null && !FixSessionStatus.All.Contains(status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"one of {string.Join(", ", FixSessionStatus.All)}"] });
        var orgs = (await scope.RolesAsync(ct)).Keys.ToList();
        var sessions = db.FixSessions.AsNoTracking().Where(s => orgs.Contains(s.OrganizationId));
        if (status is not null) sessions = sessions.Where(s => s.Status == status);
        if (modelId is not null) sessions = sessions.Where(s => s.ModelId == modelId);
        if (from is { } f) sessions = sessions.Where(s => s.CreatedAt >= f.ToUniversalTime());
        if (to is { } t) sessions = sessions.Where(s => s.CreatedAt < t.ToUniversalTime());
        var total = await sessions.CountAsync(ct);
        var rows = await sessions.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(limit ?? 25, 1, 100)).ToListAsync(ct);
        var names = await ModelNamesAsync(db, rows, ct);
        return TypedResults.Ok(new FixSessionList(rows.Select(s => new FixSessionSummary(s.Id, s.IssueId, s.Status, s.ModelId, NameOf(s, names), s.RequestedBy, s.CreatedAt, s.FinishedAt)).ToList(), total));
    }

    private static async Task<Results<Ok<FixSessionDto>, NotFound>> Get(long sessionId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var orgs = (await scope.RolesAsync(ct)).Keys.ToList();
        var s = await db.FixSessions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == sessionId && orgs.Contains(x.OrganizationId), ct);
        if (s is null || !await scope.CanReadProjectAsync(s.ProjectId, ct)) return TypedResults.NotFound();
        var names = await ModelNamesAsync(db, [s], ct);
        return TypedResults.Ok(new FixSessionDto(s.Id, s.IssueId, s.Status, s.ModelId, NameOf(s, names), s.RequestedBy, s.RepositoryId, s.Revision, s.Error, s.CreatedAt, s.FinishedAt,
            JsonSerializer.Deserialize<List<FixStep>>(s.Steps, FixSessionWorker.Json) ?? [],
            JsonSerializer.Deserialize<List<FixCandidateRecord>>(s.Candidates, FixSessionWorker.Json) ?? []));
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
