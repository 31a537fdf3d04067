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

/// <summary>
/// The access gate every operation goes through: may this principal read or change this
/// organization, project, issue or fix session. Outside the caller's organizations the answer is
/// not found, whatever exists, so ids do not leak across tenants; inside them a missing permission
/// is forbidden, with the reason in a person's words when the caller gives one.
/// </summary>
public sealed class ProjectAccess(AppDbContext db)
{
    /// <summary>The project if the actor may do <paramref name="needed"/> in it.</summary>
    public static async Task<(Project? Project, OperationStatus Refusal)> CheckAsync(AccessScope actor, long projectId, Permission needed, CancellationToken ct)
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

    /// <summary>Whether the actor holds <paramref name="needed"/> in an organization they are known to belong to.</summary>
    public async Task<OperationResult<bool>> RequireAsync(AccessScope actor, long organizationId, Permission needed, string refusal, CancellationToken ct) =>
        await actor.CanAsync(organizationId, needed, ct) ? Operation.Ok(true) : Operation.Forbidden<bool>(refusal);
}
