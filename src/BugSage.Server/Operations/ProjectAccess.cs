using BugSage.Core.Accounts;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Projects;
using BugSage.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Operations;

/// <summary>An issue the caller may see, with what every answer about it needs from its project.</summary>
public sealed record IssueInProject(Issue Issue, string ProjectSlug, long OrganizationId);

/// <summary>A project the caller can see and what they may do in it: a page shows or hides its controls by it, the operations decide again.</summary>
public sealed record ProjectRights(Project Project, Permission Held)
{
    public bool Can(Permission needed) => (Held & needed) == needed;
}

/// <summary>
/// The access gate every operation goes through: may this principal read or change this
/// organization, project, issue or fix session. Outside the caller's organizations the answer is
/// not found, whatever exists, so ids do not leak across tenants; inside them a missing permission
/// is forbidden, with the reason in a person's words when the caller gives one.
/// </summary>
public sealed class ProjectAccess(AppDbContext db)
{
    /// <summary>The project if the actor may do <paramref name="needed"/> in it.</summary>
    public async Task<(Project? Project, OperationStatus Refusal)> CheckAsync(AccessScope actor, long projectId, Permission needed, CancellationToken ct)
    {
        var project = await actor.ProjectAsync(projectId, ct);
        if (project is null) return (null, OperationStatus.NotFound);
        if (!await actor.CanAsync(project.OrganizationId, needed, ct)) return (null, OperationStatus.Forbidden);
        return (project, OperationStatus.Ok);
    }

    /// <summary>The project (tracked, for changes) if the actor may do <paramref name="needed"/> in it.</summary>
    public async Task<OperationResult<Project>> ProjectAsync(AccessScope actor, long projectId, Permission needed, CancellationToken ct, string? refusal = null)
    {
        var project = await actor.ProjectAsync(projectId, ct);
        if (project is null) return Operation.NotFound<Project>();
        return await actor.CanAsync(project.OrganizationId, needed, ct) ? Operation.Ok(project) : Operation.Forbidden<Project>(refusal);
    }

    /// <summary>The organization's id if the actor is a member who may do <paramref name="needed"/> in it.</summary>
    public async Task<OperationResult<long>> OrganizationAsync(AccessScope actor, long organizationId, Permission needed, CancellationToken ct, string? refusal = null)
    {
        if (!await actor.IsMemberAsync(organizationId, ct)) return Operation.NotFound<long>();
        return await actor.CanAsync(organizationId, needed, ct) ? Operation.Ok(organizationId) : Operation.Forbidden<long>(refusal);
    }

    /// <summary>
    /// The organization named by <paramref name="slug"/> (as sentry-cli names it) if the actor is a member
    /// who may do <paramref name="needed"/> in it; not found outside their organizations.
    /// </summary>
    public async Task<OperationResult<Organization>> OrganizationBySlugAsync(AccessScope actor, string slug, Permission needed, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == slug, ct);
        if (org is null || !await actor.IsMemberAsync(org.Id, ct)) return Operation.NotFound<Organization>();
        return await actor.CanAsync(org.Id, needed, ct) ? Operation.Ok(org) : Operation.Forbidden<Organization>();
    }

    /// <summary>The organization asked for, or the actor's first when none is named; not found outside their organizations.</summary>
    public async Task<OperationResult<long>> OrganizationOrFirstAsync(AccessScope actor, long? organizationId, CancellationToken ct)
    {
        var roles = await actor.RolesAsync(ct);
        long? id = organizationId is { } asked ? (roles.ContainsKey(asked) ? asked : null) : roles.Count > 0 ? roles.Keys.Min() : null;
        return id is { } found ? Operation.Ok(found) : Operation.NotFound<long>();
    }

    /// <summary>The issue (not tracked) if the actor may see it and do <paramref name="needed"/> in its organization.</summary>
    public async Task<OperationResult<IssueInProject>> IssueAsync(AccessScope actor, long issueId, Permission needed, CancellationToken ct, string? refusal = null)
    {
        var projects = await actor.ProjectsAsync(ct);
        var row = await (from i in db.Issues.AsNoTracking()
                         join p in projects on i.ProjectId equals p.Id
                         where i.Id == issueId
                         select new IssueInProject(i, p.Slug, p.OrganizationId)).FirstOrDefaultAsync(ct);
        if (row is null) return Operation.NotFound<IssueInProject>();
        return await actor.CanAsync(row.OrganizationId, needed, ct) ? Operation.Ok(row) : Operation.Forbidden<IssueInProject>(refusal);
    }

    /// <summary>The issue if the actor may see it; a shorthand for reads.</summary>
    public Task<OperationResult<IssueInProject>> IssueAsync(AccessScope actor, long issueId, CancellationToken ct) =>
        IssueAsync(actor, issueId, Permission.ProjectRead, ct);

    /// <summary>The fix session (tracked, for decisions) if the actor may see its project.</summary>
    public async Task<OperationResult<FixSession>> FixSessionAsync(AccessScope actor, long sessionId, CancellationToken ct)
    {
        var orgs = (await actor.RolesAsync(ct)).Keys.ToList();
        var session = await db.FixSessions.FirstOrDefaultAsync(x => x.Id == sessionId && orgs.Contains(x.OrganizationId), ct);
        return session is null || !await actor.CanReadProjectAsync(session.ProjectId, ct) ? Operation.NotFound<FixSession>() : Operation.Ok(session);
    }

    /// <summary>
    /// The issue named by its short id (<c>SHOP-42</c>: the project's slug and the issue's number)
    /// among the projects the actor can read. Two of their projects in different organizations may
    /// share a slug; then the short id names no single issue and the answer says so.
    /// </summary>
    public async Task<OperationResult<long>> IssueIdByShortIdAsync(AccessScope actor, string shortId, CancellationToken ct)
    {
        var dash = shortId.LastIndexOf('-');
        if (dash <= 0 || shortId.Length > 120 || !long.TryParse(shortId.AsSpan(dash + 1), System.Globalization.NumberStyles.None, null, out var number))
            return Operation.Invalid<long>("shortId", "a short id is the project's slug, a dash and the issue's number, like SHOP-42");
        var slug = shortId[..dash].ToLowerInvariant();
        var projects = await actor.ProjectsAsync(ct);
        var ids = await (from i in db.Issues.AsNoTracking()
                         join p in projects on i.ProjectId equals p.Id
                         where p.Slug == slug && i.ShortNumber == number
                         select i.Id).Take(2).ToListAsync(ct);
        return ids.Count switch
        {
            1 => Operation.Ok(ids[0]),
            0 => Operation.NotFound<long>($"No issue {shortId.ToUpperInvariant()} is visible to you."),
            _ => Operation.Refused<long>(OperationStatus.Invalid, $"{shortId.ToUpperInvariant()} names issues in more than one of your organizations; give its numeric id."),
        };
    }

    /// <summary>The only project the actor can read, for a question that names none; otherwise the caller must name one.</summary>
    public async Task<OperationResult<long>> OnlyProjectAsync(AccessScope actor, CancellationToken ct)
    {
        var ids = await (await actor.ProjectsAsync(ct)).OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync(ct);
        return ids.Count switch
        {
            1 => Operation.Ok(ids[0]),
            0 => Operation.NotFound<long>("You can see no projects yet."),
            _ => Operation.Invalid<long>("projectId", "you can see several projects: name one (list_projects gives their ids)"),
        };
    }

    /// <summary>
    /// Whether the actor can see the project at all. A surface asks before it reads a form, so that
    /// another tenant's project is not found whatever the form holds, rather than answered with the form's errors.
    /// </summary>
    public async Task<bool> SeesProjectAsync(AccessScope actor, long projectId, CancellationToken ct) =>
        await actor.CanReadProjectAsync(projectId, ct);

    /// <summary>The project and the permissions the actor holds in its organization; not found outside what they can read.</summary>
    public async Task<OperationResult<ProjectRights>> RightsAsync(AccessScope actor, long projectId, CancellationToken ct)
    {
        var project = await actor.ProjectAsync(projectId, ct);
        return project is null ? Operation.NotFound<ProjectRights>() : Operation.Ok(new ProjectRights(project, await actor.PermissionsAsync(project.OrganizationId, ct)));
    }

    /// <summary>The project (tracked) if the actor can read it; null, whatever exists, otherwise.</summary>
    public Task<Project?> ReadableProjectAsync(AccessScope actor, long projectId, CancellationToken ct) => actor.ProjectAsync(projectId, ct);

    /// <summary>Whether the actor holds <paramref name="needed"/> in the organization (false outside their organizations).</summary>
    public Task<bool> CanAsync(AccessScope actor, long organizationId, Permission needed, CancellationToken ct) => actor.CanAsync(organizationId, needed, ct);

    /// <summary>The projects the actor can read, as a query to compose (tracking, as <see cref="AccessScope.ProjectsAsync"/> explains).</summary>
    public Task<IQueryable<Project>> ReadableProjectsAsync(AccessScope actor, CancellationToken ct) => actor.ProjectsAsync(ct);

    /// <summary>Those of <paramref name="projectIds"/> the actor can read.</summary>
    public async Task<List<long>> ReadableAmongAsync(AccessScope actor, IReadOnlyCollection<long> projectIds, CancellationToken ct) =>
        projectIds.Count == 0 ? [] : await (await actor.ProjectsAsync(ct)).Where(p => projectIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);

    /// <summary>Whether the actor belongs to the organization, whatever their role.</summary>
    public async Task<bool> IsMemberAsync(AccessScope actor, long organizationId, CancellationToken ct) => await actor.IsMemberAsync(organizationId, ct);

    /// <summary>The organizations in which the actor holds <paramref name="needed"/>.</summary>
    public async Task<HashSet<long>> OrganizationsWhereAsync(AccessScope actor, Permission needed, CancellationToken ct)
    {
        var found = new HashSet<long>();
        foreach (var orgId in (await actor.RolesAsync(ct)).Keys)
            if (await actor.CanAsync(orgId, needed, ct)) found.Add(orgId);
        return found;
    }

    /// <summary>The organization the actor belongs to when it is their only one: what a caller with no other context means.</summary>
    public async Task<long?> SoleOrganizationAsync(AccessScope actor, CancellationToken ct) =>
        await actor.RolesAsync(ct) is { Count: 1 } roles ? roles.Keys.Single() : null;

    /// <summary>Every permission the actor holds in at least one of their organizations, as narrowed by their token's scopes.</summary>
    public async Task<Permission> HeldAnywhereAsync(AccessScope actor, CancellationToken ct)
    {
        var held = Permission.None;
        foreach (var orgId in (await actor.RolesAsync(ct)).Keys) held |= await actor.PermissionsAsync(orgId, ct);
        return held;
    }

    /// <summary>Whether the actor administers this server (and so may link repositories by a path on it).</summary>
    public Task<bool> IsServerAdminAsync(AccessScope actor, CancellationToken ct) => actor.IsServerAdminAsync(ct);

    /// <summary>Whether the actor holds <paramref name="needed"/> in an organization they are known to belong to.</summary>
    public async Task<OperationResult<bool>> RequireAsync(AccessScope actor, long organizationId, Permission needed, string refusal, CancellationToken ct) =>
        await actor.CanAsync(organizationId, needed, ct) ? Operation.Ok(true) : Operation.Forbidden<bool>(refusal);
}
