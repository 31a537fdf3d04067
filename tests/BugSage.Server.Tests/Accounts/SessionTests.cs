using System.Net;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Accounts;

/// <summary>Sign-in sessions: rotation, replay detection, sign-out, password change, lockout, rate limits.</summary>
public class SessionTests
{
    private static async Task<JsonNode> LoginAsync(HttpClient client, string password = BugSageFactory.AdminPassword)
    {
        var response = await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string token) =>
        client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken = token });

    [Theory, SqliteData, PostgresData]
    public async Task Refresh_rotates_and_the_old_token_stops_working(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var client = app.CreateClient();
        var login = await LoginAsync(client);
        login["expiresIn"]!.GetValue<int>().ShouldBe(900);
        var first = login["refreshToken"].Str();

        var rotated = await RefreshAsync(client, first);
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = (await rotated.ReadJsonAsync())["refreshToken"].Str();
        second.ShouldNotBe(first);
        (await app.ClientWithToken((await rotated.ReadJsonAsync())["accessToken"].Str()).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await RefreshAsync(client, "bsr_not-a-token")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshAsync(client, second)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Replaying_a_rotated_token_revokes_the_whole_session(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var client = app.CreateClient();
        var stolen = (await LoginAsync(client))["refreshToken"].Str();
        var current = (await (await RefreshAsync(client, stolen)).ReadJsonAsync())["refreshToken"].Str();

        (await RefreshAsync(client, stolen)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // The legitimate holder's newer token went down with the family.
        (await RefreshAsync(client, current)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "auth.refresh_reuse"))).ShouldBe(1);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Logout_ends_the_session_and_only_that_one(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var client = app.CreateClient();
        var laptop = (await LoginAsync(client))["refreshToken"].Str();
        var phone = (await LoginAsync(client))["refreshToken"].Str();
        (await client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = laptop })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await RefreshAsync(client, laptop)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshAsync(client, phone)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Changing_the_password_signs_out_other_sessions(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var client = app.CreateClient();
        var other = (await LoginAsync(client))["refreshToken"].Str();
        var mine = await LoginAsync(client);
        var me = app.ClientWithToken(mine["accessToken"].Str());

        (await me.PostJsonAsync("/api/v1/me/password", new { currentPassword = "wrong-password", newPassword = "a brand new password" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await me.PostJsonAsync("/api/v1/me/password", new { currentPassword = BugSageFactory.AdminPassword, newPassword = "short" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await me.PostJsonAsync("/api/v1/me/password", new { currentPassword = BugSageFactory.AdminPassword, newPassword = "a brand new password" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await RefreshAsync(client, other)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshAsync(client, mine["refreshToken"].Str())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await LoginAsync(client, "a brand new password");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Repeated_failures_lock_the_account_with_the_same_answer_until_it_expires(string provider)
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
            (await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = "guess-" + i })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // Locked: even the right password gets the answer a wrong one gets.
        var locked = await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword });
        locked.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await locked.ReadJsonAsync())["title"].Str().ShouldBe("Invalid email or password");

        clock.Advance(TimeSpan.FromSeconds(31));
        await LoginAsync(client);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync());
        audit.Count(a => a == "auth.sign_in_failed").ShouldBe(5);
        audit.ShouldContain("auth.sign_in_locked");
        audit.ShouldContain("auth.sign_in");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Each_failure_after_the_lock_doubles_it_up_to_fifteen_minutes_and_a_success_clears_it(string provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var client = app.CreateClient();
        Task<BugSage.Core.Accounts.User> AdminAsync() => app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == BugSageFactory.AdminEmail));
        for (var i = 0; i < 4; i++)
            (await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = "guess-" + i })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await AdminAsync()).LockedUntil.ShouldBeNull();

        foreach (var seconds in new[] { 30, 60, 120, 240, 480, 900, 900 })
        {
            (await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = "another guess" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await AdminAsync()).LockedUntil.ShouldBe(clock.GetUtcNow().UtcDateTime.AddSeconds(seconds));
            clock.Advance(TimeSpan.FromSeconds(seconds));
        }

        await LoginAsync(client);
        var admin = await AdminAsync();
        admin.FailedSignIns.ShouldBe(0);
        admin.LockedUntil.ShouldBeNull();
        admin.LastSignInAt.ShouldBe(clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_address()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Auth:SignInRateLimit:PerMinute"] = "3" });
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
            (await client.PostJsonAsync("/api/v1/auth/login", new { email = "x@example.com", password = "whatever-123" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var limited = await client.PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword });
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task An_expired_access_token_is_refused()
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        (await api.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(16));
        (await api.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
