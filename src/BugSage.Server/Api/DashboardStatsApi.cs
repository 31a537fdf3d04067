using System.Collections.Concurrent;
using BugSage.Core.Analysis;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Processing;
using BugSage.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>
/// An organization at a glance for dashboards and tools: configured models, analyses and fix
/// sessions by state with their averages, model calls and their cost, issue and event totals. Answers are cached
/// for a few seconds and dropped as soon as anything changes (any live event).
/// </summary>
public static class DashboardStatsApi
{
    public sealed record ModelStats(int Configured, int Enabled, int CallsLast24h, decimal CostLast24h);

    public sealed record AnalysisStats(int Active, int Completed, int Failed, double? AverageConfidence, double? AverageDurationSeconds);

    /// <param name="Active">Queued or running.</param>
    public sealed record FixSessionStats(int Active, int AwaitingApproval, int Applied, int Merged, int Failed, double? AverageDurationSeconds);

    public sealed record IssueStats(int Total, int Unresolved, int NewLast24h);

    public sealed record EventStats(long Total, long Last24h);

    public sealed record StatsDto(long OrganizationId, ModelStats Models, AnalysisStats Analyses, FixSessionStats FixSessions, IssueStats Issues, EventStats Events, DateTime GeneratedAt);

    public static WebApplication MapDashboardStatsApi(this WebApplication app)
    {
        app.MapGet("/api/v1/dashboard/stats", Get).WithTags("Analysis")
            .WithName("GetDashboardStats").WithSummary("Models, analyses, issue and event totals of an organization (?organizationId=, default the caller's first)");
        return app;
    }

    private static async Task<IResult> Get(long? organizationId, AccessScope scope, AppDbContext db, StatsCache cache, TimeProvider clock, CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        long? orgId = organizationId is { } id ? (roles.ContainsKey(id) ? id : null) : roles.Count > 0 ? roles.Keys.Min() : null;
        if (orgId is not { } org) return TypedResults.NotFound();
        return TypedResults.Ok(await cache.GetAsync(org, () => ComputeAsync(db, org, clock.GetUtcNow().UtcDateTime, ct)));
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

    /// <summary>Keeps each organization's answer for a few seconds; any live event makes every kept answer stale.</summary>
    public sealed class StatsCache : IDisposable
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
        private readonly ConcurrentDictionary<long, (long Version, DateTime At, StatsDto Stats)> entries = new();
        private readonly IDisposable subscription;
        private readonly TimeProvider clock;
        private long version;

        public StatsCache(LiveNotifier notifier, TimeProvider clock)
        {
            this.clock = clock;
            subscription = notifier.Subscribe(_ =>
            {
                Interlocked.Increment(ref version);
                return ValueTask.CompletedTask;
            });
        }

        public async Task<StatsDto> GetAsync(long orgId, Func<Task<StatsDto>> compute)
        {
            var current = Interlocked.Read(ref version);
            var now = clock.GetUtcNow().UtcDateTime;
            if (entries.TryGetValue(orgId, out var kept) && kept.Version == current && now - kept.At < Lifetime) return kept.Stats;
            var stats = await compute();
            entries[orgId] = (current, now, stats);
            return stats;
        }

        /// <summary>For changes that are not live events (a model configured): drop every kept answer.</summary>
        public void Invalidate() => Interlocked.Increment(ref version);

        public void Dispose() => subscription.Dispose();
    }
}
