using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Organizations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="OrganizationOperations"/>: the caller's organizations and their members with roles.</summary>
public static class OrganizationsApi
{
    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
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

    private static async Task<OperationAnswer<Page<OrganizationDto>>> List(AccessScope actor, OrganizationOperations orgs, CancellationToken ct) =>
        (await orgs.ListAsync(actor, ct)).ToHttp();

    private static async Task<IResult> Create(CreateOrganization request, AccessScope actor, OrganizationOperations orgs, CancellationToken ct) =>
        (await orgs.CreateAsync(actor, request.Name, ct)).ToHttp(o => $"/api/v1/organizations/{o.Id}");

    private static async Task<OperationAnswer<Page<MemberDto>>> Members(long orgId, AccessScope actor, OrganizationOperations orgs, CancellationToken ct) =>
        (await orgs.MembersAsync(actor, orgId, ct)).ToHttp();

    private static async Task<IResult> Add(long orgId, AddMember request, AccessScope actor, OrganizationOperations orgs, CancellationToken ct) =>
        (await orgs.AddAsync(actor, orgId, request, ct)).ToHttp(m => $"/api/v1/organizations/{orgId}/members/{m.UserId}");

    private static async Task<IResult> Change(long orgId, long userId, ChangeRole request, AccessScope actor, OrganizationOperations orgs, CancellationToken ct) =>
        (await orgs.ChangeRoleAsync(actor, orgId, userId, request.Role, ct)).ToHttp();

    private static async Task<IResult> Remove(long orgId, long userId, AccessScope actor, OrganizationOperations orgs, CancellationToken ct) =>
        (await orgs.RemoveAsync(actor, orgId, userId, ct)).ToNoContent();
}
