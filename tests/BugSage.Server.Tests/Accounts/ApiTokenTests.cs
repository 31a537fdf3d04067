using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Accounts;

/// <summary>Personal API tokens: shown once, stored hashed, limited to their scopes, revocable.</summary>
public class ApiTokenTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_token_works_within_its_scopes_only(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var created = await api.PostJsonAsync("/api/v1/tokens", new { name = "CI reader", scopes = new[] { "project:read" } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.ReadJsonAsync();
        var secret = body["token"].Str();
        secret.ShouldStartWith("bsg_");

        // Stored hashed: the secret is nowhere in the database.
        (await app.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.TokenHash == secret))).ShouldBeFalse();
        var listed = (await api.GetJsonAsync("/api/v1/tokens")).Items().ShouldHaveSingleItem()!;
        listed.AsObject().ContainsKey("token").ShouldBeFalse();
        listed["prefix"].Str().ShouldBe(secret[..12]);

        var reader = app.ClientWithToken(secret);
        var projectId = (await reader.GetJsonAsync("/api/v1/projects")).Items().ShouldHaveSingleItem()!["id"].Long();
        (await reader.GetAsync($"/api/v1/projects/{projectId}/issues")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetJsonAsync("/api/v1/me"))["scopes"]!.AsArray().Select(s => s.Str()).ShouldBe(["project:read"]);
        (await reader.PostJsonAsync($"/api/v1/projects/{projectId}/keys", new { label = "nope" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.PostJsonAsync("/api/v1/tokens", new { name = "child", scopes = new[] { "org:admin" } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.GetAsync("/api/v1/organizations/1/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.ApiTokens.SingleAsync())).LastUsedAt.ShouldNotBeNull();

        var writer = app.ClientWithToken((await (await api.PostJsonAsync("/api/v1/tokens", new { name = "deployer", scopes = new[] { "project:write" } })).ReadJsonAsync())["token"].Str());
        (await writer.PostJsonAsync($"/api/v1/projects/{projectId}/keys", new { label = "from CI" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_revoked_token_stops_working()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var body = await (await api.PostJsonAsync("/api/v1/tokens", new { name = "temp", scopes = new[] { "project:read" } })).ReadJsonAsync();
        var token = app.ClientWithToken(body["token"].Str());
        (await token.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.DeleteAsync($"/api/v1/tokens/{body["id"]}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await token.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await api.DeleteAsync($"/api/v1/tokens/{body["id"]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_scopes_and_past_expiry_are_rejected()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        (await api.PostJsonAsync("/api/v1/tokens", new { name = "x", scopes = new[] { "everything" } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostJsonAsync("/api/v1/tokens", new { name = "x", scopes = new[] { "project:read" }, expiresAt = DateTime.UtcNow.AddDays(-1) })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostJsonAsync("/api/v1/tokens", new { name = "x", scopes = Array.Empty<string>() })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        var body = await (await api.PostJsonAsync("/api/v1/tokens", new { name = "day", scopes = new[] { "project:read" }, expiresAt = clock.GetUtcNow().AddDays(1) })).ReadJsonAsync();
        var token = app.ClientWithToken(body["token"].Str());
        (await token.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromDays(2));
        (await token.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
