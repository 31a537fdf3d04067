using System.Security.Claims;
using System.Text.Json;
using BugSage.Core.Accounts;
using BugSage.Core.Analysis;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Api;

/// <summary>Root-cause analysis of an issue: start one, read the latest result, and the history.</summary>
public static class AnalysisApi
{
    public sealed record AnalysisDto(long Id, long IssueId, string Status, string RequestedBy, string? Engine, string? Model, string? Category,
        double? Confidence, string? Error, DateTime CreatedAt, DateTime? FinishedAt);

    public static WebApplication MapAnalysisApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/issues/{issueId:long}").WithTags("Analysis");
        group.MapPost("/analysis", Start).WithName("StartAnalysis").WithSummary("Queue a root-cause analysis; 202 with where to read it");
        group.MapGet("/analysis", Latest).WithName("GetAnalysis").WithSummary("The latest ErrorAnalysisResult (202 while one is still running)");
        group.MapGet("/analyses", History).WithName("ListAnalyses").WithSummary("Every analysis of the issue, newest first");
        return app;
    }

    private static async Task<IResult> Start(long issueId, AccessScope scope, AppDbContext db, AnalysisWorker worker, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var found = await IssuesApi.FindAsync(issueId, scope, db, ct);
        if (found is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(found.Value.OrganizationId, Permission.IssueWrite, ct))
            return TypedResults.Problem(title: "Your role does not allow starting analyses", statusCode: StatusCodes.Status403Forbidden);
        var analysis = await QueueAsync(db, worker, clock, found.Value.Issue.Id, found.Value.Issue.ProjectId, http.User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "unknown", ct);
        return TypedResults.Accepted($"/api/v1/issues/{issueId}/analysis", ToDto(analysis));
    }

    /// <summary>Queues an analysis (the caller has checked permission) and wakes the worker.</summary>
    internal static async Task<IssueAnalysis> QueueAsync(AppDbContext db, AnalysisWorker worker, TimeProvider clock, long issueId, long projectId, string requestedBy, CancellationToken ct)
    {
        var analysis = new IssueAnalysis { IssueId = issueId, ProjectId = projectId, RequestedBy = requestedBy, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.IssueAnalyses.Add(analysis);
        await db.SaveChangesAsync(ct);
        worker.Wake();
        return analysis;
    }

    private static async Task<IResult> Latest(long issueId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (await IssuesApi.FindAsync(issueId, scope, db, ct) is null) return TypedResults.NotFound();
        var latest = await LatestAsync(db, issueId, ct);
        if (latest.Done is { } done) return TypedResults.Text(done.Result!, "application/json");
        return latest.Pending is { } pending ? TypedResults.Accepted($"/api/v1/issues/{issueId}/analysis", ToDto(pending)) : TypedResults.NotFound();
    }

    /// <summary>The newest finished analysis, and a newer one still queued or running, if any.</summary>
    internal static async Task<(IssueAnalysis? Done, IssueAnalysis? Pending)> LatestAsync(AppDbContext db, long issueId, CancellationToken ct)
    {
        var done = await db.IssueAnalyses.AsNoTracking().Where(a => a.IssueId == issueId && a.Status == AnalysisStatus.Done).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        var doneId = done?.Id ?? 0;
        var pending = await db.IssueAnalyses.AsNoTracking()
            .Where(a => a.IssueId == issueId && a.Id > doneId && (a.Status == AnalysisStatus.Queued || a.Status == AnalysisStatus.Running))
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        return (done, pending);
    }

    private static async Task<Results<Ok<List<AnalysisDto>>, NotFound>> History(long issueId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (await IssuesApi.FindAsync(issueId, scope, db, ct) is null) return TypedResults.NotFound();
        var rows = await db.IssueAnalyses.AsNoTracking().Where(a => a.IssueId == issueId).OrderByDescending(a => a.Id).Take(100).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ToDto).ToList());
    }

    public static ErrorAnalysisResult? ResultOf(IssueAnalysis analysis) =>
        analysis.Result is null ? null : JsonSerializer.Deserialize<ErrorAnalysisResult>(analysis.Result, AnalysisWorker.Json);

    private static AnalysisDto ToDto(IssueAnalysis a) =>
        new(a.Id, a.IssueId, a.Status, a.RequestedBy, a.Engine, a.Model, a.Category, a.Confidence, a.Error, a.CreatedAt, a.FinishedAt);
}
