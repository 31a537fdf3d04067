using System.Text.Json;
using BugSage.Core;
using BugSage.Core.AgentTasks;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Analysis;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Issues;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.AgentTasks;

/// <summary>
/// Builds the task document of an issue the caller may read (the operation asked the gate). Every list
/// and string is bounded, since events carry whatever an SDK sent and an agent's context is finite.
/// </summary>
public sealed class TaskDocumentBuilder(AppDbContext db, IssueLinks links, TimeProvider clock)
{
    public const int MaxExceptions = 5;
    public const int MaxFrames = 30;
    public const int MaxContextLines = 5;
    public const int MaxBreadcrumbs = 30;
    public const int MaxTags = 50;
    public const int MaxEnvironments = 20;
    public const int MaxAttempts = 5;
    public const int ShortText = 300;
    public const int LongText = 2_000;

    public async Task<TaskDocument> BuildAsync(IssueInProject found, CancellationToken ct)
    {
        var issue = found.Issue;
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == issue.ProjectId, ct);
        var environments = await db.IssueTags.AsNoTracking().Where(t => t.IssueId == issue.Id && t.Key == "environment")
            .OrderByDescending(t => t.Count).ThenBy(t => t.Value).Select(t => t.Value).Take(MaxEnvironments).ToListAsync(ct);
        var payload = await db.Events.AsNoTracking().Where(e => e.IssueId == issue.Id)
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Select(e => e.Payload).FirstOrDefaultAsync(ct);
        var latest = payload is null ? null : EventJson.Decompress(payload);
        var analysis = await AnalysisAsync(issue.Id, latest, ct);
        var repository = await db.Repositories.AsNoTracking().Where(r => r.ProjectId == issue.ProjectId).OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
        var reproduction = await ReproductionAsync(issue.Id, ct);
        // Its test carries the crash frame's local variables: scrubbed and bounded, or left out where the project says so.
        var handedOn = reproduction is not null && project.HandOffLocalVariables ? HandOffReproduction.Prepare(reproduction) : null;
        var state = await db.AgentTaskUpdates.AsNoTracking().Where(u => u.IssueId == issue.Id).OrderByDescending(u => u.Id)
            .Select(u => new TaskState(u.Status, u.AgentName, u.CreatedAt, u.Id)).FirstOrDefaultAsync(ct) ?? new TaskState(null, null, null, null);
        return new TaskDocument(
            TaskDocument.Version, TaskDocument.DocumentKind, clock.GetUtcNow().UtcDateTime,
            new TaskIssue(issue.Id, ShortIds.Format(project.Slug, issue.ShortNumber), issue.Title.Truncate(LongText), issue.Culprit?.Truncate(LongText), issue.Level,
                issue.Status, issue.Substatus, issue.Platform, issue.Count, issue.UserCount, issue.FirstSeen, issue.LastSeen,
                new TaskProject(project.Id, project.Slug, project.Name, project.Platform), environments, issue.FirstRelease, issue.LastRelease),
            latest is null ? null : Evidence(latest),
            analysis,
            handedOn,
            await AttemptsAsync(issue.Id, ct),
            Constraints(repository, reproduction),
            state,
            new TaskLinks(links.Issue(issue.Id), links.Absolute(AgentTaskRoutes.Task(issue.Id)), links.Absolute(AgentTaskRoutes.Updates(issue.Id)),
                links.Absolute(AgentTaskRoutes.Schema), links.Absolute($"/api/v1/issues/{issue.Id}"), links.Absolute($"/api/v1/issues/{issue.Id}/events"),
                links.Absolute($"/api/v1/issues/{issue.Id}/analysis")));
    }

    private static TaskEvidence Evidence(NormalizedEvent e) => new(
        e.EventId, e.Timestamp, e.Message?.Truncate(LongText), e.Release, e.Environment,
        // The chain's last value is the one raised; the bound keeps the innermost.
        [.. (e.Exception?.Values ?? []).TakeLast(MaxExceptions).Select(Exception)],
        [.. e.Breadcrumbs.TakeLast(MaxBreadcrumbs).Select(b => new TaskBreadcrumb(b.Timestamp, b.Type, b.Category, b.Level, b.Message?.Truncate(ShortText)))],
        [.. e.Tags.Take(MaxTags).Select(t => new TaskTag(t.Key.Truncate(ShortText), t.Value.Truncate(ShortText)))]);

    private static TaskException Exception(ExceptionValue x)
    {
        var all = x.Stacktrace?.Frames ?? [];
        var chosen = all.Any(f => f.InApp) ? all.Where(f => f.InApp).ToList() : all;
        var kept = chosen.TakeLast(MaxFrames).Select(f => new TaskFrame(f.Filename?.Truncate(ShortText), f.Function?.Truncate(ShortText), f.Module?.Truncate(ShortText),
            f.Lineno, f.Colno, f.InApp, f.ContextLine?.Truncate(ShortText), Lines(f.PreContext), Lines(f.PostContext))).ToList();
        return new TaskException(x.Type?.Truncate(ShortText), x.Value?.Truncate(LongText), x.Module?.Truncate(ShortText), kept, all.Count - kept.Count);
    }

    private static List<string>? Lines(List<string>? lines) => lines is null ? null : [.. lines.TakeLast(MaxContextLines).Select(l => l.Truncate(ShortText))];

    private async Task<TaskAnalysis?> AnalysisAsync(long issueId, NormalizedEvent? latest, CancellationToken ct)
    {
        var done = await db.IssueAnalyses.AsNoTracking().Where(a => a.IssueId == issueId && a.Status == AnalysisStatus.Done && a.Result != null)
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        if (done?.Result is not { } json) return null;
        ErrorAnalysisResult? result;
        try
        {
            result = JsonSerializer.Deserialize<ErrorAnalysisResult>(json, AnalysisWorker.Json);
        }
        catch (JsonException)
        {
            // A result stored by an older engine that no longer reads is no analysis to hand on.
            return null;
        }
        if (result is null) return null;
        var inApp = latest?.MainException?.Stacktrace?.Frames.Where(f => f.InApp).Reverse().Select(f => f.Filename ?? f.AbsPath) ?? [];
        var suspects = new[] { result.RootCause.Location?.File }.Concat(inApp).OfType<string>().Where(f => f.Length > 0)
            .Distinct(StringComparer.Ordinal).Take(5).Select(f => f.Truncate(ShortText)).ToList();
        return new TaskAnalysis(done.Id, result.Summary.Truncate(LongText), result.Category, result.RootCause.Explanation.Truncate(LongText * 2),
            result.SuggestedFix?.Truncate(LongText * 2), result.Confidence, result.Fixability, result.RiskLevel, suspects, result.Engine, result.Model, done.FinishedAt);
    }

    private async Task<List<TaskAttempt>> AttemptsAsync(long issueId, CancellationToken ct)
    {
        var sessions = await db.FixSessions.AsNoTracking().Where(s => s.IssueId == issueId).OrderByDescending(s => s.Id).Take(MaxAttempts).ToListAsync(ct);
        return [.. sessions.Select(s =>
        {
            var candidates = JsonSerializer.Deserialize<List<FixCandidateRecord>>(s.Candidates, FixSessionWorker.Json) ?? [];
            var best = candidates.OrderBy(c => c.Rank).FirstOrDefault();
            return new TaskAttempt(s.Id, s.Status, candidates.Count, candidates.Count(c => c.Validated), best?.Summary.Truncate(ShortText), s.Error?.Truncate(LongText),
                s.CreatedAt, links.FixSession(s.Id));
        })];
    }

    /// <summary>
    /// The acceptance test: the reproduction of the newest fix session that built one which failed on the unpatched
    /// code as the crash did (one that did not was discarded and proves nothing). The session stores it as its
    /// reproduction step wrote it, so the agent runs what BugSage's own validation runs.
    /// </summary>
    private async Task<TaskReproduction?> ReproductionAsync(long issueId, CancellationToken ct)
    {
        var stored = await db.FixSessions.AsNoTracking().Where(s => s.IssueId == issueId && s.Reproduction != null)
            .OrderByDescending(s => s.Id).Select(s => new { s.Id, s.Reproduction }).Take(MaxAttempts).ToListAsync(ct);
        foreach (var session in stored)
        {
            ReproductionRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<ReproductionRecord>(session.Reproduction!, FixSessionWorker.Json);
            }
            catch (JsonException)
            {
                // Written by an older build in a shape this one does not read: no acceptance test to hand on from it.
                continue;
            }
            if (record is { Status: ReproductionRecord.Reproduced, Path: { } path, Code: { } code, Command: { } command, Language: { } language, Expected: { } expected })
                return new TaskReproduction(path, code, command, language, session.Id,
                    new TaskExpectedFailure(expected.ExceptionType, expected.Function, expected.Path), record.Drives);
        }
        return null;
    }

    /// <summary>What a patch may not touch: what validation refuses anywhere, and the acceptance test (the patch must make it pass, not change it).</summary>
    private static TaskConstraints Constraints(Core.Analysis.Source.LinkedRepository? repository, TaskReproduction? reproduction) => new(
        reproduction is null ? PatchGuard.ForbiddenPaths : [.. PatchGuard.ForbiddenPaths, reproduction.TestFile], PatchGuard.ForbiddenKinds,
        repository is null ? null : new TaskValidation(repository.Name, repository.Branch, repository.RestoreCommand, repository.BuildCommand, repository.TestCommand,
            string.IsNullOrWhiteSpace(repository.TestCommand) ? $"the repository's {ProjectCommands.FileName} at its root" : "the repository link"),
        AgentTaskLimits.MaxDiffBytes,
        "a unified diff with a/ and b/ prefixes, paths relative to the repository root (git diff)");
}
