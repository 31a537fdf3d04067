using System.Security.Cryptography;
using BugSage.Core.Accounts;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.ServerAdmins;

/// <summary>What an operator's account command did; <paramref name="Password"/> only when one was generated.</summary>
public sealed record OperatorAccountResult(string Email, string Outcome, string? Password = null);

/// <summary>
/// Account recovery for whoever runs the server (<c>create-admin</c>, <c>reset-password</c>): the
/// way back in when no server admin can sign in. The operator holds the database and its key,
/// so no one signs in here; every change is audited as the operator's.
/// </summary>
public sealed class OperatorAccountOperations(AppDbContext db, IPasswordHasher<User> hasher, FirstStartBootstrapper bootstrapper, AuditLog audit, Core.Caching.MeteredCache cache, TimeProvider clock)
{
    private const string Operator = "operator (CLI)";

    /// <summary>
    /// Makes <paramref name="email"/> a server admin: a new account with this password, or an
    /// existing one promoted (its password unchanged). On an empty database it is the first start's
    /// owner instead, of the organization <c>default</c> with its project and DSN.
    /// </summary>
    public async Task<OperationResult<OperatorAccountResult>> CreateAdminAsOperatorAsync(string email, string password, CancellationToken ct)
    {
        email = email.Trim().ToLowerInvariant();
        if (email.Length is 0 or > 320 || !email.Contains('@', StringComparison.Ordinal)) return Operation.Invalid<OperatorAccountResult>("email", "an email address");
        if (password.Length < PasswordPolicy.MinimumLength) return Operation.Invalid<OperatorAccountResult>("password", $"at least {PasswordPolicy.MinimumLength} characters");
        if (!await db.Organizations.AnyAsync(ct))
        {
            await bootstrapper.EnsureAsync(new BootstrapOptions { AdminEmail = email, AdminPassword = password }, ct);
            return Operation.Created(new OperatorAccountResult(email, "created as the owner of the organization 'default' and a server admin"));
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, ct);
        string outcome;
        if (user is null)
        {
            user = new User { Email = email, Name = email, PasswordHash = "", CreatedAt = clock.GetUtcNow().UtcDateTime, IsServerAdmin = true };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Users.Add(user);
            outcome = "created as a server admin";
        }
        else
        {
            user.IsServerAdmin = true;
            outcome = "already had an account: now a server admin, password unchanged (reset-password changes it)";
        }
        audit.Record("server_admin.granted", null, target: email, details: new { created = outcome.StartsWith("created", StringComparison.Ordinal) }, actor: Operator);
        await db.SaveChangesAsync(ct);
        return Operation.Ok(new OperatorAccountResult(email, outcome));
    }

    /// <summary>
    /// Sets a new password (the one given, or a generated one returned once), lifts a lockout and
    /// ends every session of the account: its refresh tokens and dashboard sign-ins.
    /// </summary>
    public async Task<OperationResult<OperatorAccountResult>> ResetPasswordAsOperatorAsync(string email, string? password, CancellationToken ct)
    {
        email = email.Trim().ToLowerInvariant();
        if (password is { Length: < PasswordPolicy.MinimumLength }) return Operation.Invalid<OperatorAccountResult>("password", $"at least {PasswordPolicy.MinimumLength} characters");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, ct);
        if (user is null) return Operation.NotFound<OperatorAccountResult>($"No account with the email '{email}'");
        var generated = password is null ? RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20) : null;
        user.PasswordHash = hasher.HashPassword(user, password ?? generated!);
        (user.FailedSignIns, user.LockedUntil) = (0, null);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ended = await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        // A reset is the way back into an account someone else got into: the API tokens they may have minted end with it.
        var live = db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null);
        var hashes = await live.Select(t => t.TokenHash).ToListAsync(ct);
        var tokens = await live.ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        audit.Record("auth.password_reset", null, target: email, details: new { sessionsEnded = ended, apiTokensRevoked = tokens }, actor: Operator);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // A shared cache level forgets them for every node; a running server without one refuses them once its entries lapse.
        foreach (var hash in hashes) await Auth.ApiTokenValidator.ForgetAsync(cache, hash);
        return Operation.Ok(new OperatorAccountResult(email, $"password set, {ended} session token(s) and {tokens} API token(s) revoked", generated));
    }
}
