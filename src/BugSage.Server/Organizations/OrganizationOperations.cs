using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Organizations;

/// <summary>
/// Organizations and their members: members see each other; admins manage members; granting or
/// taking ownership takes an owner; an organization keeps at least one owner. Audited.
/// </summary>
public sealed class OrganizationOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, IOptions<AccountsOptions> accounts, TimeProvider clock)
{
    private const string NotAdmin = "Only admins and owners manage members";

    public async Task<OperationResult<Page<OrganizationDto>>> ListAsync(AccessScope actor, CancellationToken ct)
    {
        var rows = await (from m in db.Memberships.AsNoTracking()
                          join o in db.Organizations.AsNoTracking() on m.OrganizationId equals o.Id
                          where m.UserId == actor.UserId
                          orderby o.Id
                          select new OrganizationDto(o.Id, o.Slug, o.Name, m.Role)).ToListAsync(ct);
        return Operation.Ok(new Page<OrganizationDto>(rows, null));
    }

    /// <summary>One of the actor's organizations with their role in it; not found outside them.</summary>
    public async Task<OperationResult<OrganizationDto>> GetAsync(AccessScope actor, long orgId, CancellationToken ct)
    {
        var listed = await ListAsync(actor, ct);
        return listed.Value?.Items.FirstOrDefault(o => o.Id == orgId) is { } org ? Operation.Ok(org) : Operation.NotFound<OrganizationDto>();
    }

    /// <summary>
    /// Those of <paramref name="userIds"/> who belong to one of the organizations the actor can read (an issue's assignee
    /// is one), in one query; anyone else is absent, so no account outside the actor's organizations can be looked up.
    /// </summary>
    public async Task<OperationResult<IReadOnlyDictionary<long, PersonDto>>> PeopleAsync(AccessScope actor, IReadOnlyCollection<long> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        var orgs = ids.Count == 0 ? [] : (await access.OrganizationsWhereAsync(actor, Permission.ProjectRead, ct)).ToList();
        var rows = orgs.Count == 0 ? [] : await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && db.Memberships.Any(m => m.UserId == u.Id && orgs.Contains(m.OrganizationId)))
            .Select(u => new PersonDto(u.Id, u.Email, u.Name)).ToListAsync(ct);
        return Operation.Ok<IReadOnlyDictionary<long, PersonDto>>(rows.ToDictionary(p => p.Id));
    }

    /// <summary>A new organization owned by the actor: server admins, or anyone when organizations are open.</summary>
    public async Task<OperationResult<OrganizationDto>> CreateAsync(AccessScope actor, string name, CancellationToken ct)
    {
        if (actor.Scopes is not null) return Operation.Forbidden<OrganizationDto>("API tokens cannot create organizations");
        // An organization is a tenant: opening one is the server admins' call unless the server says otherwise.
        if (!accounts.Value.OpenOrganizations && !await access.IsServerAdminAsync(actor, ct))
            return Operation.Forbidden<OrganizationDto>("Only server admins create organizations",
                "Ask a server admin, or set BugSage:Accounts:OpenOrganizations to let every user create one.");
        var slug = Slugs.From(name);
        var taken = await db.Organizations.Where(o => o.Slug == slug || o.Slug.StartsWith(slug + "-")).Select(o => o.Slug).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var org = new Organization { Slug = Slugs.Unique(slug, taken), Name = name.Trim(), CreatedAt = now };
        db.Organizations.Add(org);
        await db.SaveChangesAsync(ct);
        db.Memberships.Add(new Membership { OrganizationId = org.Id, UserId = actor.UserId, Role = Roles.Owner, CreatedAt = now });
        audit.Record("organization.created", org.Id, target: org.Slug);
        await db.SaveChangesAsync(ct);
        return Operation.Created(new OrganizationDto(org.Id, org.Slug, org.Name, Roles.Owner));
    }

    public async Task<OperationResult<Page<MemberDto>>> MembersAsync(AccessScope actor, long orgId, CancellationToken ct)
    {
        if (!await access.CanAsync(actor, orgId, Permission.ProjectRead, ct)) return Operation.NotFound<Page<MemberDto>>();
        var rows = await (from m in db.Memberships.AsNoTracking()
                          join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                          where m.OrganizationId == orgId
                          orderby u.Email
                          select new MemberDto(u.Id, u.Email, u.Name, m.Role, m.CreatedAt)).ToListAsync(ct);
        return Operation.Ok(new Page<MemberDto>(rows, null));
    }

    /// <summary>Adds an existing account directly: server admins only; everyone else invites.</summary>
    public async Task<OperationResult<MemberDto>> AddAsync(AccessScope actor, long orgId, AddMember request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<MemberDto>(problems);
        var allowed = await MayGrantAsync(actor, orgId, request.Role, ct);
        if (!allowed.Succeeded) return allowed.As<MemberDto>();
        // An organization's admin brings people in by invitation, which they accept. Adding an account
        // directly, without its owner's consent, is for server admins: otherwise any tenant could enlist
        // any account (and read its audit entries), and the answer would tell which emails have one here.
        if (!await access.IsServerAdminAsync(actor, ct))
            return Operation.Forbidden<MemberDto>("Invite them instead",
                "Only a server admin adds an account directly. POST /api/v1/organizations/{orgId}/invitations sends an invitation its owner accepts.");
        var email = request.Email.Trim().ToLowerInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, ct);
        if (user is null) return Operation.NotFound<MemberDto>("No account with that email", "Invite them instead: POST /api/v1/organizations/{orgId}/invitations.");
        if (await db.Memberships.AnyAsync(m => m.OrganizationId == orgId && m.UserId == user.Id, ct))
            return Operation.Refused<MemberDto>(OperationStatus.Conflict, "Already a member");
        var membership = new Membership { OrganizationId = orgId, UserId = user.Id, Role = request.Role, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Memberships.Add(membership);
        audit.Record("member.added", orgId, target: user.Email, details: new { role = request.Role });
        await db.SaveChangesAsync(ct);
        return Operation.Created(new MemberDto(user.Id, user.Email, user.Name, membership.Role, membership.CreatedAt));
    }

    public async Task<OperationResult<MemberDto>> ChangeRoleAsync(AccessScope actor, long orgId, long userId, string role, CancellationToken ct)
    {
        var allowed = await MayGrantAsync(actor, orgId, role, ct);
        if (!allowed.Succeeded) return allowed.As<MemberDto>();
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.OrganizationId == orgId && m.UserId == userId, ct);
        if (membership is null) return Operation.NotFound<MemberDto>();
        if (membership.Role == Roles.Owner && !await access.CanAsync(actor, orgId, Permission.OrgOwner, ct))
            return Operation.Forbidden<MemberDto>("Only owners can change an owner's role");
        if (membership.Role == Roles.Owner && role != Roles.Owner && await IsLastOwnerAsync(orgId, ct))
            return Operation.Refused<MemberDto>(OperationStatus.Conflict, "An organization keeps at least one owner");
        var before = membership.Role;
        membership.Role = role;
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        audit.Record("member.role_changed", orgId, target: user.Email, details: new { from = before, to = role });
        await db.SaveChangesAsync(ct);
        return Operation.Ok(new MemberDto(user.Id, user.Email, user.Name, membership.Role, membership.CreatedAt));
    }

    /// <summary>Removes a member; anyone may leave, admins remove others, owners remove owners.</summary>
    public async Task<OperationResult<bool>> RemoveAsync(AccessScope actor, long orgId, long userId, CancellationToken ct)
    {
        var leaving = userId == actor.UserId;
        // Leaving is its owner's own decision: an API token, whatever its scopes, never takes it for them.
        if (leaving && actor.Scopes is not null && await access.IsMemberAsync(actor, orgId, ct))
            return Operation.Forbidden<bool>("Leaving an organization takes a signed-in session, not an API token");
        var allowed = await access.OrganizationAsync(actor, orgId, leaving ? Permission.None : Permission.OrgAdmin, ct, NotAdmin);
        if (!allowed.Succeeded) return allowed.As<bool>();
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.OrganizationId == orgId && m.UserId == userId, ct);
        if (membership is null) return Operation.NotFound<bool>();
        if (membership.Role == Roles.Owner && !leaving && !await access.CanAsync(actor, orgId, Permission.OrgOwner, ct))
            return Operation.Forbidden<bool>("Only owners can remove an owner");
        if (membership.Role == Roles.Owner && await IsLastOwnerAsync(orgId, ct))
            return Operation.Refused<bool>(OperationStatus.Conflict, "An organization keeps at least one owner");
        db.Memberships.Remove(membership);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstAsync(ct);
        audit.Record("member.removed", orgId, target: email);
        await db.SaveChangesAsync(ct);
        return Operation.Ok(true);
    }

    /// <summary>Admins manage members; granting ownership takes an owner. Outsiders get not found, before anything is validated.</summary>
    internal async Task<OperationResult<long>> MayGrantAsync(AccessScope actor, long orgId, string role, CancellationToken ct)
    {
        if (!await access.IsMemberAsync(actor, orgId, ct)) return Operation.NotFound<long>();
        if (!Roles.All.Contains(role)) return Operation.Invalid<long>("role", $"role must be one of {string.Join(", ", Roles.All)}");
        var admin = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct, NotAdmin);
        if (!admin.Succeeded) return admin;
        return role == Roles.Owner ? await access.OrganizationAsync(actor, orgId, Permission.OrgOwner, ct, "Only owners can grant ownership") : admin;
    }

    private async Task<bool> IsLastOwnerAsync(long orgId, CancellationToken ct) =>
        await db.Memberships.CountAsync(m => m.OrganizationId == orgId && m.Role == Roles.Owner, ct) <= 1;
}
