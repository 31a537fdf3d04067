using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Accounts;

public sealed record MembershipDto(long OrganizationId, string OrganizationSlug, string OrganizationName, string Role);

/// <param name="IsServerAdmin">Whether the user holds the instance-level server admin role (exercised only when signed in, never through an API token).</param>
public sealed record MeResponse(long Id, string Email, string Name, IReadOnlyList<MembershipDto> Memberships, IReadOnlyList<string>? Scopes, bool IsServerAdmin = false);

/// <summary>
/// A person's own account, the same for the REST API and the dashboard: signing in with a password
/// (lockout, audit and a single answer for every failure), who they are, and changing the password.
/// </summary>
public sealed class AccountOperations(AppDbContext db, SignInGuard guard, SessionService sessions, AuditLog audit)
{
    /// <summary>
    /// The user whose password this is. Every failure (unknown address, wrong password, locked
    /// account) is the same answer, so the answer tells nobody which addresses have accounts.
    /// </summary>
    /// <param name="via">Which surface the person signed in through, for the audit log.</param>
    public async Task<OperationResult<User>> SignInAsync(string email, string password, string via, CancellationToken ct)
    {
        var address = email.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == address, ct);
        var outcome = await guard.CheckAsync(user, password, ct);
        if (outcome != SignInGuard.Outcome.Success)
        {
            audit.Record(outcome == SignInGuard.Outcome.Locked ? "auth.sign_in_locked" : "auth.sign_in_failed", null,
                target: address, details: new { via, failedInARow = user?.FailedSignIns, lockedUntil = user?.LockedUntil }, actorUserId: user?.Id, actor: address);
            await db.SaveChangesAsync(ct);
            return Operation.Refused<User>(OperationStatus.Unauthorized, "Invalid email or password");
        }
        audit.Record("auth.sign_in", null, target: user!.Email, details: new { via }, actorUserId: user.Id, actor: user.Email);
        return Operation.Ok(user);
    }

    public async Task<OperationResult<MeResponse>> MeAsync(AccessScope actor, CancellationToken ct)
    {
        var userId = actor.UserId;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Operation.NotFound<MeResponse>();
        var memberships = await (
            from m in db.Memberships.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on m.OrganizationId equals o.Id
            where m.UserId == user.Id
            orderby o.Id
            select new MembershipDto(o.Id, o.Slug, o.Name, m.Role)).ToListAsync(ct);
        return Operation.Ok(new MeResponse(user.Id, user.Email, user.Name, memberships, actor.Scopes, user.IsServerAdmin));
    }

    /// <summary>A new password for a signed-in person who knows the current one; their other sessions end.</summary>
    public async Task<OperationResult<bool>> ChangePasswordAsync(AccessScope actor, string currentPassword, string newPassword, CancellationToken ct)
    {
        if (actor.Scopes is not null) return Operation.Forbidden<bool>("API tokens cannot change passwords");
        var userId = actor.UserId;
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        if (await guard.CheckAsync(user, currentPassword, ct) != SignInGuard.Outcome.Success)
        {
            // The failed attempt counts towards the lockout like a failed sign-in.
            await db.SaveChangesAsync(ct);
            return Operation.Forbidden<bool>("The current password is wrong");
        }
        user.PasswordHash = guard.Hash(user, newPassword);
        audit.Record("auth.password_changed", null, target: user.Email, actorUserId: user.Id, actor: user.Email);
        await db.SaveChangesAsync(ct);
        await sessions.EndAllAsync(user.Id, actor.SessionId, ct);
        return Operation.Ok(true);
    }
}
