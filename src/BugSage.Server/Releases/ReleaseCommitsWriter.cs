using System.Text.Json;
using BugSage.Core;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Data;
using BugSage.Core.Releases;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Releases;

/// <summary>
/// Sets a release's commits, replacing those it had: from refs (<c>set-commits --auto</c> or
/// <c>--commit repo@sha</c>), read from the linked repository's history, or as a pipeline sends
/// them whole from its local git history (<c>set-commits --local</c>, or when no linked repository
/// matches its git remote). A ref whose commit the repository lacks (not fetched yet, or history
/// rewritten) is kept as the commit id alone.
/// </summary>
public sealed class ReleaseCommitsWriter(AppDbContext db, SourceResolver sources, ILogger<ReleaseCommitsWriter> logger)
{
    public async Task<OperationResult<int>> FromRefsAsync(long organizationId, string version, IReadOnlyList<CommitRef> refs, CancellationToken ct)
    {
        if (refs.Count > 20) return Operation.Invalid<int>("refs", "at most 20 repositories a release");
        var linked = await (from r in db.Repositories.AsNoTracking()
                            join p in db.Projects on r.ProjectId equals p.Id
                            where p.OrganizationId == organizationId
                            orderby r.Id
                            select r).ToListAsync(ct);
        var rows = new List<ReleaseCommit>();
        foreach (var head in refs)
        {
            if (!CommitIds.IsValid(head.Commit) || (head.PreviousCommit is not null && !CommitIds.IsValid(head.PreviousCommit)))
                return Operation.Invalid<int>("refs", "commit and previousCommit are hexadecimal commit ids");
            var repository = linked.FirstOrDefault(r => string.Equals(r.Name, head.Repository, StringComparison.OrdinalIgnoreCase));
            if (repository is null)
                return Operation.Invalid<int>("refs", $"no repository named '{(head.Repository ?? "").Storable().Truncate(200)}' is linked to a project of this organization");
            var previous = head.PreviousCommit ?? await PreviousHeadAsync(organizationId, version, repository.Name, ct);
            var history = await HistoryAsync(repository, head.Commit!, previous, ct);
            rows.AddRange(history.Take(CommitHistory.MaxCommits - rows.Count).Select(c => new ReleaseCommit
            {
                OrganizationId = organizationId, Version = version, Repository = repository.Name, Sha = c.Sha,
                Message = c.Message?.Storable().Truncate(MaxMessage), AuthorName = c.AuthorName?.Storable().Truncate(200),
                AuthorEmail = c.AuthorEmail?.Storable().Truncate(200), Timestamp = c.Timestamp,
                Files = JsonSerializer.Serialize(c.Files.Select(f => f with { Path = f.Path.Storable().Truncate(MaxPath) }), JsonSerializerOptions.Web),
            }));
        }
        await ReplaceAsync(organizationId, version, rows, ct);
        return Operation.Ok(rows.Count);
    }

    public async Task<OperationResult<int>> FromCommitsAsync(long organizationId, string version, IReadOnlyList<CommitRequest> commits, CancellationToken ct)
    {
        if (commits.Count > CommitHistory.MaxCommits) return Operation.Invalid<int>("commits", $"at most {CommitHistory.MaxCommits} commits a release");
        var rows = new List<ReleaseCommit>();
        foreach (var commit in commits)
        {
            if (!CommitIds.IsValid(commit.Id)) return Operation.Invalid<int>("commits", "each commit's id is a hexadecimal commit id");
            var files = (commit.PatchSet ?? []).Where(f => !string.IsNullOrEmpty(f.Path)).Take(CommitHistory.MaxFilesPerCommit)
                .Select(f => new CommitFile(f.Path!.Storable().Truncate(MaxPath), f.Type is ['A' or 'M' or 'D'] ? f.Type : "M"));
            rows.Add(new ReleaseCommit
            {
                OrganizationId = organizationId, Version = version,
                Repository = string.IsNullOrWhiteSpace(commit.Repository) ? "unknown" : commit.Repository.Storable().Truncate(200),
                Sha = commit.Id!.ToLowerInvariant(), Message = commit.Message?.TrimEnd().Storable().Truncate(MaxMessage),
                AuthorName = commit.AuthorName?.Storable().Truncate(200), AuthorEmail = commit.AuthorEmail?.Storable().Truncate(200),
                Timestamp = commit.Timestamp?.UtcDateTime, Files = JsonSerializer.Serialize(files, JsonSerializerOptions.Web),
            });
        }
        await ReplaceAsync(organizationId, version, rows, ct);
        return Operation.Ok(rows.Count);
    }

    private const int MaxMessage = 10_000;
    private const int MaxPath = 1000;

    /// <summary>The repository's history for the release, or the head commit alone when it cannot be read.</summary>
    private async Task<IReadOnlyList<RepositoryCommit>> HistoryAsync(Core.Analysis.Source.LinkedRepository repository, string head, string? previous, CancellationToken ct)
    {
        try
        {
            if (await sources.WorkingCopyAsync(repository, ct) is { } root && await CommitHistory.ReadAsync(root, head, previous, ct) is { Count: > 0 } history)
                return history;
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            logger.LogWarning(e, "Commits of release not read from repository {Repository}", repository.Id);
        }
        return [new RepositoryCommit(head.ToLowerInvariant(), null, null, null, null, [])];
    }

    /// <summary>
    /// The newest commit of the repository that an earlier release of the organization recorded last: where this
    /// release's history starts. Its newest commit of that repository, not its position 0 (the first repository's
    /// head in a release of several); and only releases created before this one (a retried older release would
    /// otherwise start at a newer release's head, and git's range from there is empty).
    /// </summary>
    private async Task<string?> PreviousHeadAsync(long organizationId, string version, string repository, CancellationToken ct)
    {
        var earlier = await EarlierReleasesAsync(db, organizationId, version, ct);
        var candidates = db.ReleaseCommits.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId && c.Version != version && c.Repository == repository && earlier.Contains(c.Version));
        var latest = await candidates.OrderByDescending(c => c.Id).Select(c => c.Version).FirstOrDefaultAsync(ct);
        return latest is null ? null : await candidates.Where(c => c.Version == latest).OrderBy(c => c.Position).Select(c => c.Sha).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// The organization's releases created before <paramref name="version"/> (by first seen, then by row), all of
    /// them when it does not exist: the releases whose commits may come before its own.
    /// </summary>
    internal static async Task<IQueryable<string>> EarlierReleasesAsync(AppDbContext db, long organizationId, string version, CancellationToken ct)
    {
        var releases = from r in db.Releases.AsNoTracking() join p in db.Projects on r.ProjectId equals p.Id where p.OrganizationId == organizationId select r;
        var own = await releases.Where(r => r.Version == version).OrderBy(r => r.FirstSeen).ThenBy(r => r.Id)
            .Select(r => new { r.FirstSeen, r.Id }).FirstOrDefaultAsync(ct);
        if (own is null) return releases.Where(r => r.Version != version).Select(r => r.Version);
        return releases.Where(r => r.Version != version && (r.FirstSeen < own.FirstSeen || (r.FirstSeen == own.FirstSeen && r.Id < own.Id))).Select(r => r.Version);
    }

    private async Task ReplaceAsync(long organizationId, string version, List<ReleaseCommit> rows, CancellationToken ct)
    {
        await db.ReleaseCommits.Where(c => c.OrganizationId == organizationId && c.Version == version).ExecuteDeleteAsync(ct);
        for (var i = 0; i < rows.Count; i++) rows[i].Position = i;
        db.ReleaseCommits.AddRange(rows);
    }
}
