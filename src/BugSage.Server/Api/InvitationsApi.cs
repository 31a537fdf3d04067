using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using BugSage.Server.Operations;
using BugSage.Server.Organizations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="InvitationOperations"/>: invite by link, accept and sign in.</summary>
public static class InvitationsApi
{
    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/organizations/{orgId:long}/invitations", Create).WithTags("Organizations")
            .WithName("CreateInvitation").WithSummary("Invite someone by link")
            .Produces<InvitationLink>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem();
        app.MapPost("/api/v1/invitations/{token}/accept", Accept).WithTags("Organizations").AllowAnonymous()
            .RequireRateLimiting(SignInRateLimits.Policy)
            .WithName("AcceptInvitation").WithSummary("Accept an invitation: creates or joins the account and signs in");
        return app;
    }

    private static async Task<IResult> Create(long orgId, CreateInvitation request, AccessScope actor, InvitationOperations invitations, PublicUrl publicUrl,
        HttpRequest http, CancellationToken ct) =>
        (await invitations.CreateAsync(actor, orgId, request, publicUrl.Resolve(http), ct)).ToHttp(i => $"/api/v1/invitations/{i.Id}");

    private static async Task<IResult> Accept(string token, AcceptInvitation request, HttpContext http, InvitationOperations invitations, SessionService sessions, CancellationToken ct)
    {
        var accepted = await invitations.AcceptAsync(token, request.Name, request.Password, AccessScope.SignedInUserId(http.User), ct);
        return accepted.Value is { } user ? TypedResults.Ok(await sessions.StartAsync(user, ct)) : accepted.ToHttp();
    }
}
