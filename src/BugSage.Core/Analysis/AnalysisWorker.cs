using System.Text.Json;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Analysis.Offline;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Analysis;

/// <summary>
/// Runs queued analyses in the background. The queue is the issue_analyses table, so any node
/// may run any analysis; a node claims one by moving it from queued to running in one statement.
/// Each finished analysis is announced as <c>analysis.completed</c> on the live channels.
/// </summary>
public sealed class AnalysisWorker(
    WorkerServices services, LiveNotifier notifier, OrganizationChatClients organizationModels, Source.SourceResolver sources,
    Alerts.Firing.WorkAlerts alerts, Alerts.Firing.IssueLinks links, Documents.IDocumentEmbeddings embeddings, ILogger<AnalysisWorker> logger) : QueuedWorker<IssueAnalysis>(services, logger, "analysis")
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly OfflineEngine offline = new(KnowledgeBase.Default);

    protected override DbSet<IssueAnalysis> Queue(AppDbContext db) => db.IssueAnalyses;

    protected override async Task OnEndedAsync(AppDbContext db, long id, CancellationToken ct)
    {
        var ended = await db.IssueAnalyses.AsNoTracking().FirstAsync(a => a.Id == id, ct);
        await notifier.PublishAsync(new LiveEvent("analysis.completed", ended.ProjectId, ended.IssueId, null));
    }

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var analysis = await db.IssueAnalyses.FirstAsync(a => a.Id == id, ct);
        analysis.StartedAt = Clock.GetUtcNow().UtcDateTime;
        var issue = await db.Issues.AsNoTracking().FirstOrDefaultAsync(i => i.Id == analysis.IssueId, ct);
        var latest = issue is null ? null : await db.Events.AsNoTracking().Where(e => e.IssueId == issue.Id)
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        analysis.FinishedAt = Clock.GetUtcNow().UtcDateTime;
        if (issue is null || latest is null)
        {
            analysis.Status = AnalysisStatus.Failed;
            analysis.Error = "The issue has no stored event to analyse.";
        }
        else
        {
            async Task Progress(string step) => await notifier.PublishAsync(new LiveEvent("analysis.progress", analysis.ProjectId, analysis.IssueId, issue.Title, step));
            await Progress("reading the event and its source");
            var evt = EventJson.Decompress(latest.Payload);
            var orgId = await db.Projects.Where(p => p.Id == issue.ProjectId).Select(p => p.OrganizationId).FirstAsync(ct);
            var input = new AnalysisInput(evt, issue.Count, issue.UserCount, await TrendAsync(db, issue.Id, ct), await SourceAsync(db, issue.ProjectId, evt, ct),
                await Documents.RelatedDocuments.ForEventAsync(db, orgId, issue.ProjectId, evt, ct, embeddings));
            var (chain, _) = await organizationModels.ChainAsync(db, orgId, "analysis", ct);
            await Progress(chain.IsEmpty ? "analysing with the offline engine" : "asking the configured models");
            var result = (chain.IsEmpty ? offline.Analyze(input) : await new ModelAnalyst(chain, offline).AnalyzeAsync(input, ct)) with { Documents = input.Documents };
            analysis.Status = AnalysisStatus.Done;
            analysis.Engine = result.Engine;
            analysis.Model = result.Model;
            analysis.Category = result.Category;
            analysis.Confidence = result.Confidence;
            analysis.Result = JsonSerializer.Serialize(result, Json);
            await alerts.FireAsync(db, Alerts.AlertTriggers.AnalysisFinished, issue.Id,
                new Alerts.Firing.NotifiedWork("analysis", analysis.Id, $"analysis finished ({result.Category}): {result.Summary}".Truncate(300), links.Issue(issue.Id), null), ct);
        }
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new LiveEvent("analysis.completed", analysis.ProjectId, analysis.IssueId, issue?.Title));
    }

    /// <summary>
    /// Reads the innermost in-app frames' source from the project's linked repositories, filling
    /// in what the SDK did not send; answers the culprit frame's findings.
    /// </summary>
    private async Task<Source.SourceFindings?> SourceAsync(AppDbContext db, long projectId, NormalizedEvent evt, CancellationToken ct)
    {
        if (OfflineEngine.Culprit(evt) is not { InApp: true } culprit) return null;
        var repositories = await db.Repositories.AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.Id).ToListAsync(ct);
        if (repositories.Count == 0) return null;
        Source.SourceFindings? culpritFindings = null;
        var frames = (evt.MainException?.Stacktrace?.Frames ?? []).Where(f => f.InApp).TakeLast(5).ToList();
        foreach (var frame in frames)
        {
            foreach (var repository in repositories)
            {
                if (await sources.FindAsync(repository, evt.Release, frame, ct) is not { } found) continue;
                if (frame.ContextLine is null)
                {
                    frame.ContextLine = found.ContextLine;
                    frame.PreContext = [.. found.PreContext];
                    frame.PostContext = [.. found.PostContext];
                }
                if (ReferenceEquals(frame, culprit)) culpritFindings = found;
                break;
            }
        }
        return culpritFindings;
    }

    /// <summary>The last 24 hours against the 24 before: new, rising, falling or steady.</summary>
    private async Task<string> TrendAsync(AppDbContext db, long issueId, CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var dayAgo = now.AddDays(-1);
        var twoDaysAgo = now.AddDays(-2);
        var hours = await db.IssueHourlyCounts.AsNoTracking().Where(h => h.IssueId == issueId && h.Hour >= twoDaysAgo)
            .Select(h => new { h.Hour, h.Count }).ToListAsync(ct);
        var recent = hours.Where(h => h.Hour >= dayAgo).Sum(h => h.Count);
        var before = hours.Where(h => h.Hour < dayAgo).Sum(h => h.Count);
        return before == 0 ? (recent > 0 ? "new" : "steady") : recent > before * 1.5 ? "rising" : recent < before * 0.5 ? "falling" : "steady";
    }
}
