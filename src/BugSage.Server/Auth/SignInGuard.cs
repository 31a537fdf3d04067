using BugSage.Core.Accounts;
using BugSage.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Auth;

/// <summary>
/// Password checks with lockout: after <see cref="FreeAttempts"/> failures in a row an account is
/// locked for 30 s, doubling with each further failure up to 15 minutes. While locked, even the
/// right password gets the same answer as a wrong one, so lockout does not reveal that an
/// account exists. The count lives in the database and changes in single statements, so
/// guesses sent in parallel get no more password checks than the same guesses one by one.
/// </summary>
public sealed class SignInGuard(AppDbContext db, IPasswordHasher<User> hasher, TimeProvider clock)
{
    public const int FreeAttempts = 5;
    public const int MinimumPasswordLength = PasswordPolicy.MinimumLength;
    private static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    /// <summary>A hash to verify against when the account does not exist, so both take the same time.</summary>
    private static readonly string DecoyHash = new PasswordHasher<User>().HashPassword(null!, "decoy password never used");

    public enum Outcome { Success, Failed, Locked }

    /// <summary>
    /// Checks a password against <paramref name="user"/>, loaded from the request's <see cref="AppDbContext"/>.
    /// The count and lock are changed in the database and then reloaded into the entity, so the
    /// caller sees what is stored and its own save cannot write back a stale count.
    /// </summary>
    public async Task<Outcome> CheckAsync(User? user, string password, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash, password);
            return Outcome.Failed;
        }
        // The attempt counts as a failure before the password is checked: parallel guesses each take
        // their own count, and once one of them sets the lock no further guess reaches the hasher.
        if (await CountAttemptAsync(user.Id, now, ct) == 0)
        {
            // Pay for one hash as every other answer does: a fast "no" would tell that the account exists and is locked.
            hasher.VerifyHashedPassword(null!, DecoyHash, password);
            await db.Entry(user).ReloadAsync(ct);
            return Outcome.Locked;
        }
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await db.Entry(user).ReloadAsync(ct);
            return Outcome.Failed;
        }
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FailedSignIns, 0)
            .SetProperty(u => u.LockedUntil, (DateTime?)null)
            .SetProperty(u => u.LastSignInAt, now), ct);
        await db.Entry(user).ReloadAsync(ct);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = hasher.HashPassword(user, password);
        return Outcome.Success;
    }

    public string Hash(User user, string password) => hasher.HashPassword(user, password);

    /// <summary>
    /// Adds one to the failure count of an account that is not locked, and locks it from the
    /// <see cref="FreeAttempts"/>-th failure on, in one statement; 0 when the account was locked.
    /// </summary>
    private Task<int> CountAttemptAsync(long userId, DateTime now, CancellationToken ct)
    {
        // The lock this failure sets, by the count before it; every step past the last is the cap.
        var until = Enumerable.Range(FreeAttempts, 6).Select(failures => (DateTime?)(now + LockoutAfter(failures))).ToArray();
        return db.Users
            .Where(u => u.Id == userId && (u.LockedUntil == null || u.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1)
                .SetProperty(u => u.LockedUntil, u =>
                    u.FailedSignIns < FreeAttempts - 1 ? null
                    : u.FailedSignIns == FreeAttempts - 1 ? until[0]
                    : u.FailedSignIns == FreeAttempts ? until[1]
                    : u.FailedSignIns == FreeAttempts + 1 ? until[2]
                    : u.FailedSignIns == FreeAttempts + 2 ? until[3]
                    : u.FailedSignIns == FreeAttempts + 3 ? until[4]
                    : until[5]), ct);
    }

    /// <summary>How long the given number of failures in a row locks an account: 30 s, doubling, at most 15 minutes.</summary>
    private static TimeSpan LockoutAfter(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxLockout.TotalSeconds, 30 * Math.Pow(2, Math.Min(failures - FreeAttempts, 10))));
}
