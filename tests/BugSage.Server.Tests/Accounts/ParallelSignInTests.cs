using System.Net;
using BugSage.Server.Auth;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Accounts;

/// <summary>
/// Sign-in and refresh under parallel requests: the lockout count and a refresh token's rotation
/// are decided in the database, so a burst of requests gets no more than the same requests one by one.
/// </summary>
public class ParallelSignInTests
{
    private static readonly Dictionary<string, string?> NoRateLimit = new() { ["BugSage:Auth:SignInRateLimit:PerMinute"] = "1000" };

    [Theory, SqliteData, PostgresData]
    public async Task Parallel_wrong_guesses_get_only_the_free_attempts_and_lock_the_account(string provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var app = await BugSageFactory.CreateAsync(provider, NoRateLimit, clock: clock);
        var client = app.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = "guess-" + i })));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Unauthorized);
        // Each attempt is counted before its password is checked, so only the free attempts were checked at all.
        var admin = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == BugSageFactory.AdminEmail));
        admin.FailedSignIns.ShouldBe(SignInGuard.FreeAttempts);
        admin.LockedUntil.ShouldBe(clock.GetUtcNow().UtcDateTime.AddSeconds(30));
        var audit = await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync());
        audit.Count(a => a == "auth.sign_in_failed").ShouldBe(SignInGuard.FreeAttempts);
        audit.Count(a => a == "auth.sign_in_locked").ShouldBe(20 - SignInGuard.FreeAttempts);

        var right = await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword });
        right.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await right.ReadJsonAsync())["title"].Str().ShouldBe("Invalid email or password");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Parallel_refreshes_of_one_token_let_one_win_and_the_rest_revoke_the_session(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, NoRateLimit);
        var client = app.CreateClient();
        var login = await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword });
        var token = (await login.ReadJsonAsync())["refreshToken"].Str();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = token })));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(9);
        // The losers presented a rotated token, a replay: the winner's new token went down with the family.
        var winner = (await answers.Single(a => a.StatusCode == HttpStatusCode.OK).ReadJsonAsync())["refreshToken"].Str();
        (await client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = winner })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var family = await app.WithDbAsync(db => db.RefreshTokens.AsNoTracking().ToListAsync());
        family.Count.ShouldBe(2);
        family.ShouldAllBe(t => t.RevokedAt != null);
        family.Count(t => t.RotatedAt != null).ShouldBe(1);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "auth.refresh_reuse"))).ShouldBe(1);
    }
}
