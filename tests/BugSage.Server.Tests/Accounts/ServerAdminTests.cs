using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Accounts;

/// <summary>
/// The server admin role, apart from organization roles: only server admins open organizations
/// (unless the server opens them to everyone), and only they name other server admins.
/// </summary>
public class ServerAdminTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Only_server_admins_create_organizations(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var admin = await app.SignedInClientAsync();
        var member = await app.MemberOfDefaultAsync("member@example.com", "member");
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        var orgAdmin = await app.MemberOfDefaultAsync("org-admin@example.com", "admin");
        var (owner, _, _) = await app.NewTenantAsync("owner@example.com");
        var organizations = await app.WithDbAsync(db => db.Organizations.CountAsync());

        foreach (var (who, client) in new[] { ("member", member), ("viewer", viewer), ("organization admin", orgAdmin), ("organization owner", owner) })
        {
            var refused = await client.PostJsonAsync("/api/v1/organizations", new { name = $"Mine as {who}" });
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, who);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await refused.ReadJsonAsync())["title"].Str().ShouldBe("Only server admins create organizations");
        }
        (await app.WithDbAsync(db => db.Organizations.CountAsync())).ShouldBe(organizations);
        (await admin.GetJsonAsync("/api/v1/me"))["isServerAdmin"]!.GetValue<bool>().ShouldBeTrue();
        (await owner.GetJsonAsync("/api/v1/me"))["isServerAdmin"]!.GetValue<bool>().ShouldBeFalse();

        // The bootstrap owner is a server admin; an API token of theirs carries none of it.
        (await admin.PostJsonAsync("/api/v1/organizations", new { name = "Acme" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = (await (await admin.PostJsonAsync("/api/v1/tokens", new { name = "ci", scopes = new[] { "org:admin" } })).ReadJsonAsync())["token"].Str();
        (await app.ClientWithToken(token).PostJsonAsync("/api/v1/organizations", new { name = "By token" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.ClientWithToken(token).GetAsync("/api/v1/server/admins")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Open_organizations_let_any_user_create_one()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Accounts:OpenOrganizations"] = "true" });
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        var created = await viewer.PostJsonAsync("/api/v1/organizations", new { name = "Viewer's own" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.ReadJsonAsync())["role"].Str().ShouldBe("owner");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Server_admins_name_and_remove_others_audited_and_keep_one(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var admin = await app.SignedInClientAsync();
        var (owner, _, _) = await app.NewTenantAsync("owner@example.com");
        var (adminId, ownerId) = await app.WithDbAsync(async db =>
            (await db.Users.Where(u => u.Email == BugSageFactory.AdminEmail).Select(u => u.Id).SingleAsync(), await db.Users.Where(u => u.Email == "owner@example.com").Select(u => u.Id).SingleAsync()));

        // Others cannot see or change who the server admins are.
        (await owner.GetAsync("/api/v1/server/admins")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await owner.PutAsync($"/api/v1/server/admins/{ownerId}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.DeleteAsync($"/api/v1/server/admins/{adminId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.IsServerAdmin))).ShouldBe(1);

        (await admin.PutAsync($"/api/v1/server/admins/{ownerId}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PutAsync($"/api/v1/server/admins/{ownerId + 100}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync("/api/v1/server/admins")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await admin.GetAsync("/api/v1/server/admins")).ReadJsonAsync()).AsArray().Select(a => a!["email"].Str()).ShouldBe([BugSageFactory.AdminEmail, "owner@example.com"]);
        (await owner.PostJsonAsync("/api/v1/organizations", new { name = "Second tenant" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The new server admin removes the first; the last one cannot be removed.
        (await owner.DeleteAsync($"/api/v1/server/admins/{adminId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostJsonAsync("/api/v1/organizations", new { name = "Not any more" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await owner.DeleteAsync($"/api/v1/server/admins/{ownerId}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("server_admin.")).OrderBy(a => a.Id).Select(a => $"{a.Action} {a.Target} by {a.Actor}").ToListAsync()))
            .ShouldBe([$"server_admin.granted owner@example.com by {BugSageFactory.AdminEmail}", "server_admin.revoked admin@example.com by owner@example.com"]);
    }
}
