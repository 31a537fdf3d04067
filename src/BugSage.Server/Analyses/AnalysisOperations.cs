using System.Text.Json;
using BugSage.Core.Accounts;
using BugSage.Core.Analysis;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analyses;

public sealed record AnalysisDto(long Id, long IssueId, string Status, string RequestedBy, string? Engine, string? Model, string? Category,
    double? Confidence, string? Error, DateTime CreatedAt, DateTime? FinishedAt)
{
    public static AnalysisDto From(IssueAnalysis a) =>
        new(a.Id, a.IssueId, a.Status, a.RequestedBy, a.Engine, a.Model, a.Category, a.Confidence, a.Error, a.CreatedAt, a.FinishedAt);
}

/// <summary>The newest finished analysis (its stored JSON and its parsed result) and a newer one still queued or running.</summary>
public sealed record LatestAnalysis(IssueAnalysis? Done, ErrorAnalysisResult? Result, IssueAnalysis? Pending);

/// <summary>
/// Root-cause analysis of an issue: queue one (members who may triage), read the latest result
/// and the history (project readers).
/// </summary>
public sealed class AnalysisOperations(AppDbContext db, ProjectAccess access, AnalysisWorker worker, TimeProvider clock)
{
    /// <summary>Queues an analysis and wakes the worker.</summary>
    public async Task<OperationResult<AnalysisDto>> StartAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, "Your role does not allow starting analyses");
        if (found.Value is not { } f) return found.As<AnalysisDto>();
        var analysis = new IssueAnalysis { IssueId = issueId, ProjectId = f.Issue.ProjectId, RequestedBy = actor.Label, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.IssueAnalyses.Add(analysis);
        await db.SaveChangesAsync(ct);
        worker.Wake();
        return Operation.Ok(AnalysisDto.From(analysis));
    }

    public async Task<OperationResult<LatestAnalysis>> LatestAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<LatestAnalysis>();
        var done = await db.IssueAnalyses.AsNoTracking().Where(a => a.IssueId == issueId && a.Status == AnalysisStatus.Done).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        var doneId = done?.Id ?? 0;
        var pending = await db.IssueAnalyses.AsNoTracking()
            .Where(a => a.IssueId == issueId && a.Id > doneId && (a.Status == AnalysisStatus.Queued || a.Status == AnalysisStatus.Running))
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        var result = done?.Result is { } json ? JsonSerializer.Deserialize<ErrorAnalysisResult>(json, AnalysisWorker.Json) : null;
        return Operation.Ok(new LatestAnalysis(done, result, pending));
    }

    /// <summary>
    /// The newest analysis (in any state) of each of <paramref name="issueIds"/> the actor can read, in a fixed number of
    /// queries whatever the number of issues; issues without one, or that the actor cannot read, are absent.
    /// </summary>
    public async Task<OperationResult<IReadOnlyDictionary<long, AnalysisDto>>> NewestOfAsync(AccessScope actor, IReadOnlyCollection<long> issueIds, CancellationToken ct)
    {
        var ids = issueIds.Distinct().ToList();
        if (ids.Count == 0) return Operation.Ok<IReadOnlyDictionary<long, AnalysisDto>>(new Dictionary<long, AnalysisDto>());
        var projects = await access.ReadableProjectsAsync(actor, ct);
        var newest = db.IssueAnalyses.Where(a => ids.Contains(a.IssueId) && projects.Any(p => p.Id == a.ProjectId))
            .GroupBy(a => a.IssueId).Select(g => g.Max(a => a.Id));
        var rows = await db.IssueAnalyses.AsNoTracking().Where(a => newest.Contains(a.Id)).ToListAsync(ct);
        return Operation.Ok<IReadOnlyDictionary<long, AnalysisDto>>(rows.ToDictionary(a => a.IssueId, AnalysisDto.From));
    }

    /// <summary>Every analysis of the issue, newest first (the last hundred).</summary>
    public async Task<OperationResult<List<AnalysisDto>>> HistoryAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<List<AnalysisDto>>();
        var rows = await db.IssueAnalyses.AsNoTracking().Where(a => a.IssueId == issueId).OrderByDescending(a => a.Id).Take(100).ToListAsync(ct);
        return Operation.Ok(rows.Select(AnalysisDto.From).ToList());
    }
}
