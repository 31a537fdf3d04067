using BugSage.Core.Analysis;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.OrganizationStats;

/// <summary>
/// An organization at a glance for dashboards and tools: configured models, analyses and fix
/// sessions by state with their averages, model calls and their cost, issue and event totals.
/// Members read it; answers are cached for a few seconds and dropped as soon as anything changes.
/// </summary>
public sealed class OrganizationStatsOperations(ProjectAccess access, StatsCache cache, TimeProvider clock)
{
    /// <summary>The stats of the organization named, or of the actor's first.</summary>
    public async Task<OperationResult<StatsDto>> GetAsync(AccessScope actor, long? organizationId, CancellationToken ct)
    {
        var org = await access.OrganizationOrFirstAsync(actor, organizationId, ct);
        if (!org.Succeeded) return org.As<StatsDto>();
        return Operation.Ok(await cache.GetAsync(org.Value, (statsDb, token) => ComputeAsync(statsDb, org.Value, clock.GetUtcNow().UtcDateTime, token), ct));
    }

    private static async Task<StatsDto> ComputeAsync(AppDbContext db, long orgId, DateTime now, CancellationToken ct)
    {
        var dayAgo = now.AddDays(-1);
        var projects = db.Projects.AsNoTracking().Where(p => p.OrganizationId == orgId).Select(p => p.Id);
        var issues = db.Issues.AsNoTracking().Where(i => projects.Contains(i.ProjectId));
        var analyses = db.IssueAnalyses.AsNoTracking().Where(a => projects.Contains(a.ProjectId));
        var calls = db.ModelCalls.AsNoTracking().Where(c => c.OrganizationId == orgId && c.CreatedAt >= dayAgo);
        var sessions = db.FixSessions.AsNoTracking().Where(s => s.OrganizationId == orgId);
        var sessionTimes = await sessions.Where(s => s.FinishedAt != null).Select(s => new { s.CreatedAt, s.FinishedAt }).ToListAsync(ct);
        var finished = await analyses.Where(a => a.Status == AnalysisStatus.Done && a.StartedAt != null && a.FinishedAt != null)
            .Select(a => new { a.Confidence, a.StartedAt, a.FinishedAt }).ToListAsync(ct);
        return new StatsDto(
            orgId,
            new ModelStats(
                await db.AiModels.CountAsync(m => m.OrganizationId == orgId, ct),
                await db.AiModels.CountAsync(m => m.OrganizationId == orgId && m.Enabled, ct),
                await calls.CountAsync(ct),
                (await calls.Select(c => c.Cost).ToListAsync(ct)).Sum()),
            new AnalysisStats(
                await analyses.CountAsync(a => a.Status == AnalysisStatus.Queued || a.Status == AnalysisStatus.Running, ct),
                finished.Count,
                await analyses.CountAsync(a => a.Status == AnalysisStatus.Failed, ct),
                finished.Count == 0 ? null : Math.Round(finished.Average(a => a.Confidence ?? 0), 2),
                finished.Count == 0 ? null : Math.Round(finished.Average(a => (a.FinishedAt!.Value - a.StartedAt!.Value).TotalSeconds), 3)),
            new FixSessionStats(
                await sessions.CountAsync(s => s.Status == Core.Autofix.Sessions.FixSessionStatus.Queued || s.Status == Core.Autofix.Sessions.FixSessionStatus.Running, ct),
                await sessions.CountAsync(s => s.Status == Core.Autofix.Sessions.FixSessionStatus.AwaitingApproval, ct),
                await sessions.CountAsync(s => s.Status == Core.Autofix.Sessions.FixSessionStatus.Applied, ct),
                await sessions.CountAsync(s => s.MergedAt != null, ct),
                await sessions.CountAsync(s => s.Status == Core.Autofix.Sessions.FixSessionStatus.Failed, ct),
                sessionTimes.Count == 0 ? null : Math.Round(sessionTimes.Average(s => (s.FinishedAt!.Value - s.CreatedAt).TotalSeconds), 3)),
            new IssueStats(
                await issues.CountAsync(ct),
                await issues.CountAsync(i => i.Status == IssueStatus.Unresolved, ct),
                await issues.CountAsync(i => i.FirstSeen >= dayAgo, ct)),
            new EventStats(
                await issues.SumAsync(i => (long?)i.Count, ct) ?? 0,
                await db.IssueHourlyCounts.AsNoTracking().Where(h => h.Hour >= dayAgo && issues.Select(i => i.Id).Contains(h.IssueId)).SumAsync(h => (long?)h.Count, ct) ?? 0),
            now);
    }
}
