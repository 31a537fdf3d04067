using System.ComponentModel.DataAnnotations;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>
/// Invitations by link, for installs without a mail server: an admin creates one, hands the
/// link over (or BugSage mails it when SMTP is configured), and the invitee accepts it with a
/// name and password (or their existing password).
/// </summary>
public static class InvitationsApi
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public sealed record CreateInvitation([Required, EmailAddress, MaxLength(320)] string Email, [Required] string Role);

    /// <param name="Token">The invitation's secret, for the inviter to pass on; null when it was e-mailed, so that only
    /// the address's owner can accept it (an account made from it is then theirs, not the inviter's).</param>
    public sealed record InvitationLink(long Id, string Email, string Role, string? Token, string? Url, DateTime ExpiresAt, bool Emailed);

    public sealed record AcceptInvitation([MaxLength(200)] string? Name, [Required, MaxLength(1024)] string Password);

    public static WebApplication MapInvitationsApi(this WebApplication app)
    {
        app.MapPost("/api/v1/organizations/{orgId:long}/invitations", Create).WithTags("Organizations")
            .WithName("CreateInvitation").WithSummary("Invite someone by link")
            .Produces<InvitationLink>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem();
        app.MapPost("/api/v1/invitations/{token}/accept", Accept).WithTags("Organizations").AllowAnonymous()
            .RequireRateLimiting(AuthApi.SignInRateLimit)
            .WithName("AcceptInvitation").WithSummary("Accept an invitation: creates or joins the account and signs in");
        return app;
    }

    internal static async Task<IResult> Create(long orgId, CreateInvitation request, AccessScope scope, AppDbContext db,
        AuditLog audit, PublicUrl publicUrl, HttpRequest http, InvitationMailer mailer, TimeProvider clock, CancellationToken ct)
    {
        if (await OrganizationsApi.Authorize(orgId, request.Role, scope, ct) is { } refused) return refused.Result;
        var now = clock.GetUtcNow().UtcDateTime;
        var token = SecretTokens.New(SecretTokens.InvitationPrefix);
        var invitation = new Invitation
        {
            OrganizationId = orgId,
            Email = request.Email.Trim().ToLowerInvariant(),
            Role = request.Role,
            TokenHash = SecretTokens.Hash(token),
            InvitedByUserId = scope.UserId,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Invitations.Add(invitation);
        audit.Record("invitation.created", orgId, target: invitation.Email, details: new { role = invitation.Role, invitation.ExpiresAt });
        await db.SaveChangesAsync(ct);
        var url = new Uri(publicUrl.Resolve(http), $"invitations/{token}").ToString();
        var organization = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.Name).FirstAsync(ct);
        var emailed = await mailer.SendAsync(invitation.Email, organization, invitation.Role, url, invitation.ExpiresAt, ct);
        return TypedResults.Created($"/api/v1/invitations/{invitation.Id}",
            new InvitationLink(invitation.Id, invitation.Email, invitation.Role, emailed ? null : token, emailed ? null : url, invitation.ExpiresAt, emailed));
    }

    private static async Task<Results<Ok<SessionTokens>, ProblemHttpResult, ValidationProblem>> Accept(
        string token, AcceptInvitation request, HttpContext http, AppDbContext db, SignInGuard guard, SessionService sessions, AuditLog audit,
        TimeProvider clock, CancellationToken ct)
    {
        var (user, refused) = await JoinAsync(db, guard, audit, clock, token, request.Name, request.Password, SignedInUserId(http.User), ct);
        if (user is not null) return TypedResults.Ok(await sessions.StartAsync(user, ct));
        return refused is ValidationProblem invalid ? invalid : (ProblemHttpResult)refused!;
    }

    /// <summary>
    /// The account a request is signed in as (a sign-in's access token or a dashboard session), if any.
    /// Never an API token: accepting answers with a full session, which a narrow token must not become.
    /// </summary>
    internal static long? SignedInUserId(System.Security.Claims.ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true } identity && identity.AuthenticationType != Auth.BearerAuthenticationHandler.ApiTokenType && long.TryParse(principal.FindFirst(Microsoft.IdentityModel.JsonWebTokens.JwtRegisteredClaimNames.Sub)?.Value, out var id) ? id : null;

    /// <summary>
    /// Accepts an invitation: creates the account, or joins an existing one when the request is signed
    /// in as it. An existing account is never joined by a password given here: whoever holds the link
    /// (the inviter, when it was not e-mailed) could otherwise guess at it and, failing, lock the
    /// account. The password's length is checked first, so a short one answers alike whoever has
    /// an account. The user, or why not (404 for an invalid, used or expired link).
    /// </summary>
    internal static async Task<(User? User, IResult? Refused)> JoinAsync(AppDbContext db, SignInGuard guard, AuditLog audit, TimeProvider clock,
        string token, string? name, string password, long? signedInUserId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = SecretTokens.Hash(token);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || invitation.AcceptedAt is not null || invitation.ExpiresAt <= now)
            return (null, TypedResults.Problem(title: "This invitation is invalid, used or expired", statusCode: StatusCodes.Status404NotFound));

        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == invitation.Email, ct);
        if (user is null || user.Id != signedInUserId)
        {
            if (password.Length < PasswordPolicy.MinimumLength)
                return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [$"at least {PasswordPolicy.MinimumLength} characters"] }));
            if (user is not null)
                return (null, TypedResults.Problem(title: "Sign in to accept", statusCode: StatusCodes.Status401Unauthorized,
                    detail: "This email already has an account: sign in as it, then accept the invitation."));
            user = new User { Email = invitation.Email, Name = string.IsNullOrWhiteSpace(name) ? invitation.Email : name.Trim(), PasswordHash = "", CreatedAt = now };
            user.PasswordHash = guard.Hash(user, password);
            db.Users.Add(user);
            await db.SaveChangesAsync(ct);
        }

        if (!await db.Memberships.AnyAsync(m => m.OrganizationId == invitation.OrganizationId && m.UserId == user.Id, ct))
            db.Memberships.Add(new Membership { OrganizationId = invitation.OrganizationId, UserId = user.Id, Role = invitation.Role, CreatedAt = now });
        invitation.AcceptedAt = now;
        audit.Record("invitation.accepted", invitation.OrganizationId, target: user.Email, details: new { role = invitation.Role }, actorUserId: user.Id, actor: user.Email);
        await db.SaveChangesAsync(ct);
        return (user, null);
    }
}
