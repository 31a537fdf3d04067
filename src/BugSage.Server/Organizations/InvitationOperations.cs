using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Organizations;

/// <summary>
/// Invitations by link, for installs without a mail server: an admin creates one, hands the
/// link over (or BugSage mails it when SMTP is configured), and the invitee accepts it with a
/// name and password (or their existing account).
/// </summary>
public sealed class InvitationOperations(InputValidation inputs, AppDbContext db, OrganizationOperations organizations, AuditLog audit, InvitationMailer mailer, SignInGuard guard, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Invites an address with a role; <paramref name="baseUrl"/> is where this server is reached, for the link.</summary>
    public async Task<OperationResult<InvitationLink>> CreateAsync(AccessScope actor, long orgId, CreateInvitation request, Uri baseUrl, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<InvitationLink>(problems);
        var allowed = await organizations.MayGrantAsync(actor, orgId, request.Role, ct);
        if (!allowed.Succeeded) return allowed.As<InvitationLink>();
        var now = clock.GetUtcNow().UtcDateTime;
        var token = SecretTokens.New(SecretTokens.InvitationPrefix);
        var invitation = new Invitation
        {
            OrganizationId = orgId,
            Email = request.Email.Trim().ToLowerInvariant(),
            Role = request.Role,
            TokenHash = SecretTokens.Hash(token),
            InvitedByUserId = actor.UserId,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Invitations.Add(invitation);
        audit.Record("invitation.created", orgId, target: invitation.Email, details: new { role = invitation.Role, invitation.ExpiresAt });
        await db.SaveChangesAsync(ct);
        var url = new Uri(baseUrl, $"invitations/{token}").ToString();
        var organization = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.Name).FirstAsync(ct);
        var emailed = await mailer.SendAsync(invitation.Email, organization, invitation.Role, url, invitation.ExpiresAt, ct);
        return Operation.Created(new InvitationLink(invitation.Id, invitation.Email, invitation.Role, emailed ? null : token, emailed ? null : url, invitation.ExpiresAt, emailed));
    }

    /// <summary>What a live invitation offers (organization, address, role); not found for an invalid, used or expired link.</summary>
    public async Task<OperationResult<(string Organization, string Email, string Role)>> PreviewAsync(string token, CancellationToken ct)
    {
        var hash = SecretTokens.Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await (from i in db.Invitations.AsNoTracking()
                           join o in db.Organizations.AsNoTracking() on i.OrganizationId equals o.Id
                           where i.TokenHash == hash && i.AcceptedAt == null && i.ExpiresAt > now
                           select new { o.Name, i.Email, i.Role }).FirstOrDefaultAsync(ct);
        return found is null ? Operation.NotFound<(string, string, string)>() : Operation.Ok((found.Name, found.Email, found.Role));
    }

    /// <summary>
    /// Accepts an invitation: creates the account, or joins an existing one when the request is signed
    /// in as it. Nobody is acting yet: the invitation's secret is the permission. An existing account is
    /// never joined by a password given here: whoever holds the link (the inviter, when it was not
    /// e-mailed) could otherwise guess at it and, failing, lock the account. The password's length is
    /// checked first, so a short one answers alike whoever has an account. Not found for an invalid,
    /// used or expired link.
    /// </summary>
    public async Task<OperationResult<User>> AcceptAsync(string token, string? name, string password, long? signedInUserId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = SecretTokens.Hash(token);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || invitation.AcceptedAt is not null || invitation.ExpiresAt <= now)
            return Operation.NotFound<User>("This invitation is invalid, used or expired");

        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == invitation.Email, ct);
        if (user is null || user.Id != signedInUserId)
        {
            if (password.Length < PasswordPolicy.MinimumLength) return Operation.Invalid<User>("password", $"at least {PasswordPolicy.MinimumLength} characters");
            if (user is not null)
                return Operation.Refused<User>(OperationStatus.Unauthorized, "Sign in to accept", "This email already has an account: sign in as it, then accept the invitation.");
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
        return Operation.Ok(user);
    }
}
