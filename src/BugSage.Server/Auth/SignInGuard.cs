using BugSage.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace BugSage.Server.Auth;

/// <summary>
/// Password checks with lockout: after <see cref="FreeAttempts"/> failures in a row an account is
/// locked for 30 s, doubling with each further failure up to 15 minutes. While locked, even the
/// right password gets the same answer as a wrong one, so lockout does not reveal that an
/// account exists.
/// </summary>
public sealed class SignInGuard(IPasswordHasher<User> hasher, TimeProvider clock)
{
    public const int FreeAttempts = 5;
    public const int MinimumPasswordLength = PasswordPolicy.MinimumLength;
    private static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    /// <summary>A hash to verify against when the account does not exist, so both take the same time.</summary>
    private static readonly string DecoyHash = new PasswordHasher<User>().HashPassword(null!, "decoy password never used");

    public enum Outcome { Success, Failed, Locked }

    public Outcome Check(User? user, string password)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash, password);
            return Outcome.Failed;
        }
        if (user.LockedUntil > now) return Outcome.Locked;
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= FreeAttempts)
            {
                var seconds = Math.Min(MaxLockout.TotalSeconds, 30 * Math.Pow(2, Math.Min(user.FailedSignIns - FreeAttempts, 10)));
                user.LockedUntil = now.AddSeconds(seconds);
            }
            return Outcome.Failed;
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = hasher.HashPassword(user, password);
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        user.LastSignInAt = now;
        return Outcome.Success;
    }

    public string Hash(User user, string password) => hasher.HashPassword(user, password);
}
