using System.ComponentModel.DataAnnotations;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Api;

/// <summary>Organizations of the caller and their members with roles.</summary>
public static class OrganizationsApi
{
    public sealed record OrganizationDto(long Id, string Slug, string Name, string Role);

    public sealed record CreateOrganization([Required, MaxLength(200)] string Name);

    public sealed record MemberDto(long UserId, string Email, string Name, string Role, DateTime JoinedAt);

    public sealed record AddMember([Required, EmailAddress, MaxLength(320)] string Email, [Required] string Role);

    public sealed record ChangeRole([Required] string Role);

    public static WebApplication MapOrganizationsApi(this WebApplication app)
    {
        var orgs = app.MapGroup("/api/v1/organizations").WithTags("Organizations");
        orgs.MapGet("/", List).WithName("ListOrganizations").WithSummary("The caller's organizations and roles");
        orgs.MapPost("/", Create).WithName("CreateOrganization").WithSummary("Create an organization owned by the caller (server admins, or anyone when organizations are open)")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var members = orgs.MapGroup("/{orgId:long}/members");
        members.MapGet("/", Members).WithName("ListMembers").WithSummary("Members and their roles");
        members.MapPost("/", Add).WithName("AddMember").WithSummary("Add an existing account to the organization")
            .Produces<MemberDto>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem();
        members.MapPatch("/{userId:long}", Change).WithName("ChangeMemberRole").WithSummary("Change a member's role")
            .Produces<MemberDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem();
        members.MapDelete("/{userId:long}", Remove).WithName("RemoveMember").WithSummary("Remove a member");
        return app;
    }

    private static async Task<Ok<Page<OrganizationDto>>> List(AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var rows = await (from m in db.Memberships.AsNoTracking()
                          join o in db.Organizations.AsNoTracking() on m.OrganizationId equals o.Id
                          where m.UserId == scope.UserId
                          orderby o.Id
                          select new OrganizationDto(o.Id, o.Slug, o.Name, m.Role)).ToListAsync(ct);
        return TypedResults.Ok(new Page<OrganizationDto>(rows, null));
    }

    private static async Task<Results<Created<OrganizationDto>, ProblemHttpResult>> Create(
        CreateOrganization request, AccessScope scope, AppDbContext db, AuditLog audit, IOptions<AccountsOptions> accounts, TimeProvider clock, CancellationToken ct)
    {
        if (scope.Scopes is not null)
            return TypedResults.Problem(title: "API tokens cannot create organizations", statusCode: StatusCodes.Status403Forbidden);
        // An organization is a tenant: opening one is the server admins' call unless the server says otherwise.
        if (!accounts.Value.OpenOrganizations && !await scope.IsServerAdminAsync(ct))
            return TypedResults.Problem(title: "Only server admins create organizations",
                detail: "Ask a server admin, or set BugSage:Accounts:OpenOrganizations to let every user create one.", statusCode: StatusCodes.Status403Forbidden);
        var slug = Slugs.From(request.Name);
        var taken = await db.Organizations.Where(o => o.Slug == slug || o.Slug.StartsWith(slug + "-")).Select(o => o.Slug).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var org = new Organization { Slug = Slugs.Unique(slug, taken), Name = request.Name.Trim(), CreatedAt = now };
        db.Organizations.Add(org);
        await db.SaveChangesAsync(ct);
        db.Memberships.Add(new Membership { OrganizationId = org.Id, UserId = scope.UserId, Role = Roles.Owner, CreatedAt = now });
        audit.Record("organization.created", org.Id, target: org.Slug);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/organizations/{org.Id}", new OrganizationDto(org.Id, org.Slug, org.Name, Roles.Owner));
    }

    private static async Task<Results<Ok<Page<MemberDto>>, NotFound>> Members(long orgId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (!await scope.CanAsync(orgId, Permission.ProjectRead, ct)) return TypedResults.NotFound();
        var rows = await (from m in db.Memberships.AsNoTracking()
                          join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                          where m.OrganizationId == orgId
                          orderby u.Email
                          select new MemberDto(u.Id, u.Email, u.Name, m.Role, m.CreatedAt)).ToListAsync(ct);
        return TypedResults.Ok(new Page<MemberDto>(rows, null));
    }

    internal static async Task<IResult> Add(
        long orgId, AddMember request, AccessScope scope, AppDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        if (await Authorize(orgId, request.Role, scope, ct) is { } refused) return refused.Result;
        // An organization's admin brings people in by invitation, which they accept. Adding an account
        // directly, without its owner's consent, is for server admins: otherwise any tenant could enlist
        // any account (and read its audit entries), and the answer would tell which emails have one here.
        if (!await scope.IsServerAdminAsync(ct))
            return TypedResults.Problem(title: "Invite them instead",
                detail: "Only a server admin adds an account directly. POST /api/v1/organizations/{orgId}/invitations sends an invitation its owner accepts.",
                statusCode: StatusCodes.Status403Forbidden);
        var email = request.Email.Trim().ToLowerInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, ct);
        if (user is null)
            return TypedResults.Problem(title: "No account with that email", detail: "Invite them instead: POST /api/v1/organizations/{orgId}/invitations.", statusCode: StatusCodes.Status404NotFound);
        if (await db.Memberships.AnyAsync(m => m.OrganizationId == orgId && m.UserId == user.Id, ct))
            return TypedResults.Problem(title: "Already a member", statusCode: StatusCodes.Status409Conflict);
        var membership = new Membership { OrganizationId = orgId, UserId = user.Id, Role = request.Role, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Memberships.Add(membership);
        audit.Record("member.added", orgId, target: user.Email, details: new { role = request.Role });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/organizations/{orgId}/members/{user.Id}", new MemberDto(user.Id, user.Email, user.Name, membership.Role, membership.CreatedAt));
    }

    internal static async Task<IResult> Change(
        long orgId, long userId, ChangeRole request, AccessScope scope, AppDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (await Authorize(orgId, request.Role, scope, ct) is { } refused) return refused.Result;
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.OrganizationId == orgId && m.UserId == userId, ct);
        if (membership is null) return TypedResults.NotFound();
        if (membership.Role == Roles.Owner && !await scope.CanAsync(orgId, Permission.OrgOwner, ct))
            return TypedResults.Problem(title: "Only owners can change an owner's role", statusCode: StatusCodes.Status403Forbidden);
        if (membership.Role == Roles.Owner && request.Role != Roles.Owner && await IsLastOwnerAsync(db, orgId, ct))
            return TypedResults.Problem(title: "An organization keeps at least one owner", statusCode: StatusCodes.Status409Conflict);
        var before = membership.Role;
        membership.Role = request.Role;
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        audit.Record("member.role_changed", orgId, target: user.Email, details: new { from = before, to = request.Role });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new MemberDto(user.Id, user.Email, user.Name, membership.Role, membership.CreatedAt));
    }

    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Remove(
        long orgId, long userId, AccessScope scope, AppDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!await scope.IsMemberAsync(orgId, ct)) return TypedResults.NotFound();
        var leaving = userId == scope.UserId;
        // Leaving is its owner's own decision: an API token, whatever its scopes, never takes it for them.
        if (leaving && scope.Scopes is not null)
            return TypedResults.Problem(title: "Leaving an organization takes a signed-in session, not an API token", statusCode: StatusCodes.Status403Forbidden);
        if (!leaving && !await scope.CanAsync(orgId, Permission.OrgAdmin, ct))
            return TypedResults.Problem(title: "Only admins and owners manage members", statusCode: StatusCodes.Status403Forbidden);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.OrganizationId == orgId && m.UserId == userId, ct);
        if (membership is null) return TypedResults.NotFound();
        if (membership.Role == Roles.Owner && !leaving && !await scope.CanAsync(orgId, Permission.OrgOwner, ct))
            return TypedResults.Problem(title: "Only owners can remove an owner", statusCode: StatusCodes.Status403Forbidden);
        if (membership.Role == Roles.Owner && await IsLastOwnerAsync(db, orgId, ct))
            return TypedResults.Problem(title: "An organization keeps at least one owner", statusCode: StatusCodes.Status409Conflict);
        db.Memberships.Remove(membership);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstAsync(ct);
        audit.Record("member.removed", orgId, target: email);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Admins manage members; granting ownership takes an owner. Outsiders get 404.</summary>
    internal static async Task<RefusedAccess?> Authorize(long orgId, string role, AccessScope scope, CancellationToken ct)
    {
        if (!await scope.IsMemberAsync(orgId, ct)) return new(TypedResults.NotFound());
        if (!Roles.All.Contains(role))
            return new(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"role must be one of {string.Join(", ", Roles.All)}"] }));
        if (!await scope.CanAsync(orgId, Permission.OrgAdmin, ct))
            return new(TypedResults.Problem(title: "Only admins and owners manage members", statusCode: StatusCodes.Status403Forbidden));
        if (role == Roles.Owner && !await scope.CanAsync(orgId, Permission.OrgOwner, ct))
            return new(TypedResults.Problem(title: "Only owners can grant ownership", statusCode: StatusCodes.Status403Forbidden));
        return null;
    }

    private static async Task<bool> IsLastOwnerAsync(AppDbContext db, long orgId, CancellationToken ct) =>
        await db.Memberships.CountAsync(m => m.OrganizationId == orgId && m.Role == Roles.Owner, ct) <= 1;

    /// <summary>Why a member-management request is refused, as the answer to send.</summary>
    internal sealed record RefusedAccess(IResult Result);
}
