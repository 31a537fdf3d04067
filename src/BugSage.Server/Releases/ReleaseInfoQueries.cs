using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Releases;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Releases;

/// <summary>What the release answers show, read for many releases at once: a query per kind of fact, not per release.</summary>
public sealed class ReleaseInfoQueries(AppDbContext db)
{
    /// <summary>The organization's releases among <paramref name="versions"/>, in that order; versions it lacks are left out.</summary>
    public async Task<IReadOnlyList<ReleaseInfo>> OfOrganizationAsync(long organizationId, IReadOnlyCollection<string> versions, CancellationToken ct)
    {
        if (versions.Count == 0) return [];
        var rows = await (from r in db.Releases.AsNoTracking()
                          join p in db.Projects on r.ProjectId equals p.Id
                          where p.OrganizationId == organizationId && versions.Contains(r.Version)
                          select new { r.Version, r.ProjectId, r.FirstSeen, r.DateReleased, r.Url, r.Status, p.Slug, p.Name }).ToListAsync(ct);
        var projectIds = rows.Select(r => r.ProjectId).Distinct().ToList();
        var newGroups = await db.Issues.Where(i => projectIds.Contains(i.ProjectId) && i.FirstRelease != null && versions.Contains(i.FirstRelease))
            .GroupBy(i => i.FirstRelease!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var lastEvents = await db.Events.Where(e => projectIds.Contains(e.ProjectId) && e.Release != null && versions.Contains(e.Release))
            .GroupBy(e => e.Release!).Select(g => new { g.Key, Last = g.Max(e => e.Timestamp) }).ToDictionaryAsync(g => g.Key, g => g.Last, ct);
        var commits = await CommitCountsAsync(organizationId, versions, ct);
        var deploys = await db.Deploys.Where(d => d.OrganizationId == organizationId && versions.Contains(d.Version))
            .GroupBy(d => d.Version).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var infos = new List<ReleaseInfo>();
        foreach (var version in versions)
        {
            var of = rows.Where(r => r.Version == version).ToList();
            if (of.Count == 0) continue;
            var (count, head) = commits.GetValueOrDefault(version);
            infos.Add(new ReleaseInfo(version, of.Select(r => r.Url).FirstOrDefault(u => u is not null), of.Min(r => r.FirstSeen),
                of.Max(r => r.DateReleased), lastEvents.TryGetValue(version, out var last) ? last : null, newGroups.GetValueOrDefault(version),
                of.Select(r => new ProjectSlugAndName(r.Slug, r.Name)).ToList(), head is null ? null : new CommitId(head),
                of.All(r => r.Status == "archived") ? "archived" : "open", count, deploys.GetValueOrDefault(version)));
        }
        return infos;
    }

    /// <summary>Per version: how many commits, and the newest one's id.</summary>
    public async Task<Dictionary<string, (int Count, string? Head)>> CommitCountsAsync(long organizationId, IReadOnlyCollection<string> versions, CancellationToken ct)
    {
        var counts = await db.ReleaseCommits.Where(c => c.OrganizationId == organizationId && versions.Contains(c.Version))
            .GroupBy(c => c.Version).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var heads = await db.ReleaseCommits.Where(c => c.OrganizationId == organizationId && versions.Contains(c.Version) && c.Position == 0)
            .Select(c => new { c.Version, c.Sha }).ToListAsync(ct);
        return counts.ToDictionary(c => c.Key, c => (c.Count, heads.FirstOrDefault(h => h.Version == c.Key)?.Sha));
    }

    public async Task<IReadOnlyList<DeployInfo>> DeploysAsync(long organizationId, string version, CancellationToken ct) =>
        (await db.Deploys.AsNoTracking().Where(d => d.OrganizationId == organizationId && d.Version == version).OrderByDescending(d => d.DateFinished).ThenByDescending(d => d.Id)
            .Take(200).ToListAsync(ct)).Select(ToInfo).ToList();

    public async Task<IReadOnlyList<ReleaseCommitInfo>> CommitsAsync(long organizationId, string version, CancellationToken ct) =>
        (await CommitRowsAsync(organizationId, version, ct)).Select(ToInfo).ToList();

    public Task<List<ReleaseCommit>> CommitRowsAsync(long organizationId, string version, CancellationToken ct) =>
        db.ReleaseCommits.AsNoTracking().Where(c => c.OrganizationId == organizationId && c.Version == version).OrderBy(c => c.Position).ToListAsync(ct);

    public static DeployInfo ToInfo(Deploy d) =>
        new(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Environment, d.Name, d.Url, d.DateStarted, d.DateFinished);

    public static ReleaseCommitInfo ToInfo(ReleaseCommit c) =>
        new(c.Sha, c.Message, c.Timestamp, new CommitAuthor(c.AuthorName, c.AuthorEmail), new CommitRepository(c.Repository),
            JsonSerializer.Deserialize<List<CommitFile>>(c.Files, JsonSerializerOptions.Web) ?? []);
}
