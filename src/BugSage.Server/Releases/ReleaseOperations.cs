using System.Globalization;
using System.Text.Json;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Data;
using BugSage.Core.Releases;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Releases;

/// <summary>
/// An organization's releases as pipelines drive them (<c>sentry-cli releases</c>, <c>deploys</c>,
/// <c>set-commits</c>): organizations and projects by slug, members who may write releases change
/// them, members read them. Outside the caller's organizations everything is not found.
/// </summary>
public sealed class ReleaseOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, ReleaseCommitsWriter commitsWriter, ReleaseInfoQueries infos, AuditLog audit,
    Core.SourceMaps.Storage.ArtifactRetention artifacts, Core.SourceMaps.SourceMapLookup lookup, TimeProvider clock)
{
    /// <summary>The most releases one list answers with, newest first.</summary>
    public const int MaxListed = 100;

    /// <summary>
    /// Creates the release in the named projects, or adds them to it when it exists (Sentry's
    /// answer too: a pipeline re-run is not an error), then applies the rest of the request.
    /// </summary>
    public async Task<OperationResult<ReleaseInfo>> CreateAsync(AccessScope actor, string organizationSlug, ReleaseRequest request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<ReleaseInfo>(problems);
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ReleaseWrite, ct);
        if (found.Value is not { } org) return found.As<ReleaseInfo>();
        if (ReleaseVersions.Problem(request.Version) is { } problem) return Operation.Invalid<ReleaseInfo>("version", problem);
        var version = request.Version!;
        var named = await ProjectsAsync(actor, org.Id, request.Projects, ct);
        if (named.Value is not { } projects) return named.As<ReleaseInfo>();
        var existed = await RowsOf(org.Id, version).AnyAsync(ct);
        if (!existed && projects.Count == 0) return Operation.Invalid<ReleaseInfo>("projects", "a new release names at least one project of the organization");
        var applied = await ApplyAsync(org.Id, version, projects, request, ct);
        if (!applied.Succeeded) return applied.As<ReleaseInfo>();
        audit.Record(existed ? "release.updated" : "release.created", org.Id, target: version, details: new { projects = projects.Select(p => p.Slug) });
        await db.SaveChangesAsync(ct);
        var info = (await infos.OfOrganizationAsync(org.Id, [version], ct)).Single();
        return existed ? Operation.Ok(info) : Operation.Created(info);
    }

    public async Task<OperationResult<ReleaseInfo>> UpdateAsync(AccessScope actor, string organizationSlug, string version, ReleaseRequest request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<ReleaseInfo>(problems);
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ReleaseWrite, ct);
        if (found.Value is not { } org) return found.As<ReleaseInfo>();
        if (!await RowsOf(org.Id, version).AnyAsync(ct)) return ReleaseNotFound<ReleaseInfo>(version);
        var named = await ProjectsAsync(actor, org.Id, request.Projects, ct);
        if (named.Value is not { } projects) return named.As<ReleaseInfo>();
        var applied = await ApplyAsync(org.Id, version, projects, request, ct);
        if (!applied.Succeeded) return applied.As<ReleaseInfo>();
        audit.Record(request.DateReleased is not null ? "release.finalized" : "release.updated", org.Id, target: version,
            details: new { request.Url, request.Status, refs = request.Refs?.Count, commits = request.Commits?.Count });
        await db.SaveChangesAsync(ct);
        return Operation.Ok((await infos.OfOrganizationAsync(org.Id, [version], ct)).Single());
    }

    public async Task<OperationResult<ReleaseInfo>> GetAsync(AccessScope actor, string organizationSlug, string version, CancellationToken ct)
    {
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ProjectRead, ct);
        if (found.Value is not { } org) return found.As<ReleaseInfo>();
        return await infos.OfOrganizationAsync(org.Id, [version], ct) is [var info] ? Operation.Ok(info) : ReleaseNotFound<ReleaseInfo>(version);
    }

    /// <summary>The organization's releases (or one project's), newest first.</summary>
    public async Task<OperationResult<IReadOnlyList<ReleaseInfo>>> ListAsync(AccessScope actor, string organizationSlug, string? projectSlug, CancellationToken ct)
    {
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ProjectRead, ct);
        if (found.Value is not { } org) return found.As<IReadOnlyList<ReleaseInfo>>();
        var rows = RowsOf(org.Id);
        if (projectSlug is not null)
        {
            var project = await (await access.ReadableProjectsAsync(actor, ct)).FirstOrDefaultAsync(p => p.OrganizationId == org.Id && p.Slug == projectSlug, ct);
            if (project is null) return Operation.NotFound<IReadOnlyList<ReleaseInfo>>("Project not found", $"no project '{projectSlug.Storable().Truncate(100)}' in organization {org.Slug}");
            rows = rows.Where(r => r.ProjectId == project.Id);
        }
        var versions = await rows.GroupBy(r => r.Version).Select(g => new { Version = g.Key, Created = g.Min(r => r.FirstSeen) })
            .OrderByDescending(v => v.Created).Take(MaxListed).Select(v => v.Version).ToListAsync(ct);
        return Operation.Ok(await infos.OfOrganizationAsync(org.Id, versions, ct));
    }

    /// <summary>Deletes a release no event names (one that has events stays: issues and regressions point at it), with its commits, deploys and source maps.</summary>
    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, string organizationSlug, string version, CancellationToken ct)
    {
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ReleaseWrite, ct);
        if (found.Value is not { } org) return found.As<bool>();
        var rows = await RowsOf(org.Id, version).ToListAsync(ct);
        if (rows.Count == 0) return ReleaseNotFound<bool>(version);
        var projectIds = rows.Select(r => r.ProjectId).ToList();
        if (await db.Events.AnyAsync(e => projectIds.Contains(e.ProjectId) && e.Release == version, ct))
            return Operation.Invalid<bool>("version", "events were reported in this release, so it stays; archive it to hide it");
        db.Releases.RemoveRange(rows);
        await db.ReleaseCommits.Where(c => c.OrganizationId == org.Id && c.Version == version).ExecuteDeleteAsync(ct);
        await db.Deploys.Where(d => d.OrganizationId == org.Id && d.Version == version).ExecuteDeleteAsync(ct);
        // Its source maps go with it: no event of it is left to map.
        if (await artifacts.ForgetReleaseAsync(projectIds, version, ct) > 0) lookup.Forget(projectIds);
        audit.Record("release.deleted", org.Id, target: version);
        await db.SaveChangesAsync(ct);
        return Operation.Ok(true);
    }

    public async Task<OperationResult<DeployInfo>> CreateDeployAsync(AccessScope actor, string organizationSlug, string version, DeployRequest request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<DeployInfo>(problems);
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ReleaseWrite, ct);
        if (found.Value is not { } org) return found.As<DeployInfo>();
        if (!await RowsOf(org.Id, version).AnyAsync(ct)) return ReleaseNotFound<DeployInfo>(version);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Environment) || request.Environment.Length > 64 || request.Environment.Any(char.IsControl))
            errors["environment"] = ["an environment name of at most 64 characters"];
        if (request.Name is { Length: > 200 }) errors["name"] = ["at most 200 characters"];
        if (request.Url is { } url && (url.Length > 1000 || !Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            errors["url"] = ["an http or https URL of at most 1000 characters"];
        if (errors.Count > 0) return Operation.Invalid<DeployInfo>(errors);
        var deploy = new Deploy
        {
            OrganizationId = org.Id, Version = version, Environment = request.Environment!, Name = request.Name?.Storable(), Url = request.Url,
            DateStarted = request.DateStarted?.UtcDateTime, DateFinished = request.DateFinished?.UtcDateTime ?? clock.GetUtcNow().UtcDateTime,
        };
        db.Deploys.Add(deploy);
        audit.Record("release.deployed", org.Id, target: version, details: new { deploy.Environment, deploy.Name });
        await db.SaveChangesAsync(ct);
        return Operation.Created(ReleaseInfoQueries.ToInfo(deploy));
    }

    public async Task<OperationResult<IReadOnlyList<DeployInfo>>> DeploysAsync(AccessScope actor, string organizationSlug, string version, CancellationToken ct)
    {
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ProjectRead, ct);
        if (found.Value is not { } org) return found.As<IReadOnlyList<DeployInfo>>();
        if (!await RowsOf(org.Id, version).AnyAsync(ct)) return ReleaseNotFound<IReadOnlyList<DeployInfo>>(version);
        return Operation.Ok(await infos.DeploysAsync(org.Id, version, ct));
    }

    public async Task<OperationResult<IReadOnlyList<ReleaseCommitInfo>>> CommitsAsync(AccessScope actor, string organizationSlug, string version, CancellationToken ct)
    {
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ProjectRead, ct);
        if (found.Value is not { } org) return found.As<IReadOnlyList<ReleaseCommitInfo>>();
        if (!await RowsOf(org.Id, version).AnyAsync(ct)) return ReleaseNotFound<IReadOnlyList<ReleaseCommitInfo>>(version);
        return Operation.Ok(await infos.CommitsAsync(org.Id, version, ct));
    }

    /// <summary>The release whose commits were set last before this one's, where <c>set-commits --local</c> starts its history; null when none has commits.</summary>
    public async Task<OperationResult<ReleaseInfo?>> PreviousWithCommitsAsync(AccessScope actor, string organizationSlug, string version, CancellationToken ct)
    {
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ProjectRead, ct);
        if (found.Value is not { } org) return found.As<ReleaseInfo?>();
        // Only releases created before this one: a retried older release does not start at a newer one.
        var earlier = await ReleaseCommitsWriter.EarlierReleasesAsync(db, org.Id, version, ct);
        var previous = await db.ReleaseCommits.AsNoTracking().Where(c => c.OrganizationId == org.Id && c.Version != version && earlier.Contains(c.Version))
            .OrderByDescending(c => c.Id).Select(c => c.Version).FirstOrDefaultAsync(ct);
        return Operation.Ok(previous is not null && await infos.OfOrganizationAsync(org.Id, [previous], ct) is [var info] ? info : null);
    }

    /// <summary>The repositories linked to the organization's projects, as sentry-cli matches them against its git remote.</summary>
    public async Task<OperationResult<IReadOnlyList<RepoInfo>>> RepositoriesAsync(AccessScope actor, string organizationSlug, CancellationToken ct)
    {
        var found = await access.OrganizationBySlugAsync(actor, organizationSlug, Permission.ProjectRead, ct);
        if (found.Value is not { } org) return found.As<IReadOnlyList<RepoInfo>>();
        var projects = (await access.ReadableProjectsAsync(actor, ct)).Where(p => p.OrganizationId == org.Id);
        var linked = await (from r in db.Repositories.AsNoTracking() join p in projects on r.ProjectId equals p.Id orderby r.Id select r).ToListAsync(ct);
        return Operation.Ok<IReadOnlyList<RepoInfo>>(linked.Select(ToRepo).ToList());
    }

    /// <summary>
    /// How sentry-cli sees a link: a GitHub repository by its page, a git URL as it is; a link
    /// to a server path has no URL a pipeline's checkout could match, so it is listed under a
    /// provider the CLI skips.
    /// </summary>
    internal static RepoInfo ToRepo(LinkedRepository r)
    {
        var id = r.Id.ToString(CultureInfo.InvariantCulture);
        if (r.GitHubRepository is { } gitHub) return new RepoInfo(id, r.Name, $"https://github.com/{gitHub}", new RepoProvider("integrations:github", "GitHub"), "active", r.CreatedAt);
        if (r.Url is { } url) return new RepoInfo(id, r.Name, url, new RepoProvider("git", "Git"), "active", r.CreatedAt);
        return new RepoInfo(id, r.Name, null, new RepoProvider("bugsage:server-path", "Server path"), "active", r.CreatedAt);
    }

    private IQueryable<Core.Issues.Release> RowsOf(long organizationId, string? version = null)
    {
        var rows = from r in db.Releases join p in db.Projects on r.ProjectId equals p.Id where p.OrganizationId == organizationId select r;
        return version is null ? rows : rows.Where(r => r.Version == version);
    }

    private async Task<OperationResult<bool>> ApplyAsync(long organizationId, string version, List<Core.Projects.Project> projects, ReleaseRequest request, CancellationToken ct)
    {
        if (request.Url is { Length: > 1000 }) return Operation.Invalid<bool>("url", "at most 1000 characters");
        if (request.Status is not (null or "open" or "archived")) return Operation.Invalid<bool>("status", "open or archived");
        var now = clock.GetUtcNow().UtcDateTime;
        await ReleaseRows.EnsureAsync(db, projects.Select(p => p.Id), version, request.DateStarted?.UtcDateTime ?? now, ct);
        foreach (var row in await RowsOf(organizationId, version).ToListAsync(ct))
        {
            if (request.Url is not null) row.Url = request.Url.Storable();
            if (request.DateReleased is { } released) row.DateReleased = released.UtcDateTime;
            if (request.Status is { } status) row.Status = status;
        }
        if (request.Refs is { } refs)
        {
            var set = await commitsWriter.FromRefsAsync(organizationId, version, refs, ct);
            if (!set.Succeeded) return set.As<bool>();
        }
        else if (request.Commits is { } commits)
        {
            var set = await commitsWriter.FromCommitsAsync(organizationId, version, commits, ct);
            if (!set.Succeeded) return set.As<bool>();
        }
        return Operation.Ok(true);
    }

    /// <summary>The projects a request names by slug or id: each must be one of the organization's that the caller sees.</summary>
    private async Task<OperationResult<List<Core.Projects.Project>>> ProjectsAsync(AccessScope actor, long organizationId, List<JsonElement>? named, CancellationToken ct)
    {
        if (named is null || named.Count == 0) return Operation.Ok(new List<Core.Projects.Project>());
        if (named.Count > 100) return Operation.Invalid<List<Core.Projects.Project>>("projects", "at most 100 projects");
        var visible = await (await access.ReadableProjectsAsync(actor, ct)).Where(p => p.OrganizationId == organizationId).AsNoTracking().ToListAsync(ct);
        var projects = new List<Core.Projects.Project>();
        foreach (var element in named)
        {
            var project = element.ValueKind switch
            {
                JsonValueKind.Number when element.TryGetInt64(out var id) => visible.FirstOrDefault(p => p.Id == id),
                JsonValueKind.String => visible.FirstOrDefault(p => p.Slug == element.GetString() || p.Id.ToString(CultureInfo.InvariantCulture) == element.GetString()),
                _ => null,
            };
            if (project is null)
                return Operation.Invalid<List<Core.Projects.Project>>("projects", $"no project {element.GetRawText().Storable().Truncate(100)} in this organization");
            if (!projects.Contains(project)) projects.Add(project);
        }
        return Operation.Ok(projects);
    }

    private static OperationResult<T> ReleaseNotFound<T>(string version) =>
        Operation.NotFound<T>("Release not found", $"no release '{version.Storable().Truncate(200)}' in this organization");
}
