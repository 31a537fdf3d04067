using System.Globalization;
using System.Text.Json;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Issues;
using BugSage.Core.Projects;
using BugSage.Core.Releases;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Releases;

/// <summary>A commit of the issue's first release that touched a file of its stack trace.</summary>
public sealed record SuspectCommitInfo(string Release, ReleaseCommitInfo Commit, IReadOnlyList<string> MatchedFiles);

/// <summary>
/// A project's releases as the dashboard and the REST API show them: adoption, new issues,
/// regressions, deploys and commits per release; and an issue's suspect commits.
/// </summary>
public sealed class ProjectReleaseOperations(AppDbContext db, ProjectAccess access, ReleaseInfoQueries infos, TimeProvider clock)
{
    public async Task<OperationResult<Page<ProjectReleaseSummary>>> ListAsync(AccessScope actor, long projectId, bool includeArchived, int? limit, string? cursor, CancellationToken ct)
    {
        var found = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        if (found.Value is not { } project) return found.As<Page<ProjectReleaseSummary>>();
        var take = Cursor.Limit(limit);
        var rows = db.Releases.AsNoTracking().Where(r => r.ProjectId == projectId);
        if (!includeArchived) rows = rows.Where(r => r.Status != "archived");
        if (Cursor.TryDecode(cursor, out var value, out var id) && long.TryParse(value, CultureInfo.InvariantCulture, out var ticks) && ticks >= 0 && ticks <= DateTime.MaxValue.Ticks)
        {
            var t = new DateTime(ticks, DateTimeKind.Utc);
            rows = rows.Where(r => r.FirstSeen < t || (r.FirstSeen == t && r.Id < id));
        }
        var page = await rows.OrderByDescending(r => r.FirstSeen).ThenByDescending(r => r.Id).Take(take + 1).ToListAsync(ct);
        var summaries = (await SummariesAsync(project, page.Take(take).ToList(), ct)).ToDictionary(s => s.Version);
        return Operation.Ok(Cursor.ToPage(page, take, r => summaries[r.Version], r => Cursor.Encode(r.FirstSeen.Ticks.ToString(CultureInfo.InvariantCulture), r.Id)));
    }

    public async Task<OperationResult<ProjectReleaseDetail>> GetAsync(AccessScope actor, long projectId, string version, CancellationToken ct)
    {
        var found = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        if (found.Value is not { } project) return found.As<ProjectReleaseDetail>();
        var release = await db.Releases.AsNoTracking().FirstOrDefaultAsync(r => r.ProjectId == projectId && r.Version == version, ct);
        if (release is null) return Operation.NotFound<ProjectReleaseDetail>("Release not found", $"no release '{version}' in this project");
        var summary = (await SummariesAsync(project, [release], ct)).Single();
        var newIssues = await db.Issues.AsNoTracking().Where(i => i.ProjectId == projectId && i.FirstRelease == version)
            .OrderByDescending(i => i.Count).Take(50).Select(i => new ReleaseIssue(i.Id, i.Title, i.Culprit, i.Count, i.Status)).ToListAsync(ct);
        var regressedIds = (await RegressionsAsync(projectId, release.FirstSeen, ct)).Where(r => r.Release == version).Select(r => r.IssueId).Distinct().Take(50).ToList();
        var regressed = await db.Issues.AsNoTracking().Where(i => regressedIds.Contains(i.Id))
            .OrderByDescending(i => i.Count).Select(i => new ReleaseIssue(i.Id, i.Title, i.Culprit, i.Count, i.Status)).ToListAsync(ct);
        var bundles = await db.ArtifactFiles.Where(f => f.ProjectId == projectId && f.Release == version).Select(f => f.BundleId).Distinct().CountAsync(ct);
        return Operation.Ok(new ProjectReleaseDetail(summary, release.Url, await infos.DeploysAsync(project.OrganizationId, version, ct),
            await infos.CommitsAsync(project.OrganizationId, version, ct), newIssues, regressed, bundles,
            await access.CanAsync(actor, project.OrganizationId, Permission.ReleaseWrite, ct)));
    }

    /// <summary>
    /// The commits of the release the issue first appeared in that touched a file of its latest
    /// event's stack trace (in-app frames, or every frame when none is in-app).
    /// </summary>
    public async Task<OperationResult<IReadOnlyList<SuspectCommitInfo>>> SuspectCommitsAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (found.Value is not { } f) return found.As<IReadOnlyList<SuspectCommitInfo>>();
        if (f.Issue.FirstRelease is not { } release) return Operation.Ok<IReadOnlyList<SuspectCommitInfo>>([]);
        var commits = await infos.CommitRowsAsync(f.OrganizationId, release, ct);
        if (commits.Count == 0) return Operation.Ok<IReadOnlyList<SuspectCommitInfo>>([]);
        var payload = await db.Events.AsNoTracking().Where(e => e.IssueId == issueId).OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id)
            .Select(e => e.Payload).FirstOrDefaultAsync(ct);
        if (payload is null) return Operation.Ok<IReadOnlyList<SuspectCommitInfo>>([]);
        var frames = (EventJson.Decompress(payload).Exception?.Values ?? []).SelectMany(v => v.Stacktrace?.Frames ?? []).ToList();
        var considered = frames.Any(x => x.InApp) ? frames.Where(x => x.InApp) : frames;
        var suspects = SuspectCommits.Find(commits, considered.SelectMany(x => new[] { x.AbsPath, x.Filename }), max: 10);
        return Operation.Ok<IReadOnlyList<SuspectCommitInfo>>(suspects.Select(s => new SuspectCommitInfo(release, ReleaseInfoQueries.ToInfo(s.Commit), s.MatchedFiles)).ToList());
    }

    private async Task<List<ProjectReleaseSummary>> SummariesAsync(Project project, List<Release> releases, CancellationToken ct)
    {
        if (releases.Count == 0) return [];
        var versions = releases.Select(r => r.Version).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddHours(-24);
        var events = await db.Events.Where(e => e.ProjectId == project.Id && e.Release != null && versions.Contains(e.Release))
            .GroupBy(e => e.Release!).Select(g => new { g.Key, Count = g.LongCount(), Last = g.Max(e => e.Timestamp) }).ToDictionaryAsync(g => g.Key, ct);
        var recent = await db.Events.Where(e => e.ProjectId == project.Id && e.Release != null && versions.Contains(e.Release) && e.Timestamp >= since)
            .GroupBy(e => e.Release!).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        // The project's events of the last day, from the hourly counts (cheaper than counting events again).
        var hour = new DateTime(since.Year, since.Month, since.Day, since.Hour, 0, 0, DateTimeKind.Utc);
        var total = await (from h in db.IssueHourlyCounts join i in db.Issues on h.IssueId equals i.Id
                           where i.ProjectId == project.Id && h.Hour >= hour select h.Count).SumAsync(ct);
        var newIssues = await db.Issues.Where(i => i.ProjectId == project.Id && i.FirstRelease != null && versions.Contains(i.FirstRelease))
            .GroupBy(i => i.FirstRelease!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var regressions = (await RegressionsAsync(project.Id, releases.Min(r => r.FirstSeen), ct))
            .GroupBy(r => r.Release).ToDictionary(g => g.Key, g => g.Select(r => r.IssueId).Distinct().Count());
        var commits = await infos.CommitCountsAsync(project.OrganizationId, versions, ct);
        // Counted in the database, and only each release's last deploy read: a pipeline may record many.
        var ofVersions = db.Deploys.AsNoTracking().Where(d => d.OrganizationId == project.OrganizationId && versions.Contains(d.Version));
        var deployCounts = await ofVersions.GroupBy(d => d.Version).Select(g => new { g.Key, Count = g.Count(), LastId = g.Max(d => d.Id) })
            .ToDictionaryAsync(g => g.Key, ct);
        var lastIds = deployCounts.Values.Select(g => g.LastId).ToList();
        var lastDeploys = await db.Deploys.AsNoTracking().Where(d => lastIds.Contains(d.Id)).ToDictionaryAsync(d => d.Version, ct);
        return releases.Select(r =>
        {
            var e = events.GetValueOrDefault(r.Version);
            return new ProjectReleaseSummary(r.Version, r.FirstSeen, r.DateReleased, r.Status, e?.Count ?? 0,
                total > 0 ? Math.Min(1, recent.GetValueOrDefault(r.Version) / (double)total) : 0, newIssues.GetValueOrDefault(r.Version),
                regressions.GetValueOrDefault(r.Version), e?.Last, commits.GetValueOrDefault(r.Version).Count, deployCounts.GetValueOrDefault(r.Version)?.Count ?? 0,
                lastDeploys.TryGetValue(r.Version, out var last) ? ReleaseInfoQueries.ToInfo(last) : null);
        }).ToList();
    }

    private sealed record Regression(long IssueId, string Release);

    /// <summary>The project's regressions since <paramref name="since"/> and the release each came back in (the digest records it).</summary>
    private async Task<List<Regression>> RegressionsAsync(long projectId, DateTime since, CancellationToken ct)
    {
        var rows = await (from a in db.IssueActivities.AsNoTracking()
                          join i in db.Issues on a.IssueId equals i.Id
                          where i.ProjectId == projectId && a.Kind == ActivityKinds.Regressed && a.CreatedAt >= since
                          orderby a.Id descending
                          select new { a.IssueId, a.Data }).Take(10_000).ToListAsync(ct);
        var regressions = new List<Regression>();
        foreach (var row in rows)
        {
            if (row.Data is null) continue;
            try
            {
                using var doc = JsonDocument.Parse(row.Data);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("release", out var r) && r.ValueKind == JsonValueKind.String)
                    regressions.Add(new Regression(row.IssueId, r.GetString()!));
            }
            catch (JsonException)
            {
                // An entry written before regressions named their release: it counts for none.
            }
        }
        return regressions;
    }
}
