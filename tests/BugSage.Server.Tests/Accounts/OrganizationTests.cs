using System.Text.RegularExpressions;
using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Accounts;

/// <summary>Organizations, roles, members and invitations.</summary>
public class OrganizationTests
{
    [Theory, SqliteData, PostgresData]
    public async Task An_invited_person_joins_with_the_invited_role_and_sees_the_projects(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var owner = await app.SignedInClientAsync();
        var invite = await owner.PostJsonAsync("/api/v1/organizations/1/invitations", new { email = "Dev@Example.com", role = "member" });
        invite.StatusCode.ShouldBe(HttpStatusCode.Created);
        var link = await invite.ReadJsonAsync();
        link["url"].Str().ShouldEndWith("/invitations/" + link["token"].Str());

        var anonymous = app.CreateClient();
        (await anonymous.PostJsonAsync($"/api/v1/invitations/{link["token"].Str()}/accept", new { name = "Dev", password = "short" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var accepted = await anonymous.PostJsonAsync($"/api/v1/invitations/{link["token"].Str()}/accept", new { name = "Dev", password = "dev-password-123" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var dev = app.ClientWithToken((await accepted.ReadJsonAsync())["accessToken"].Str());
        (await dev.GetJsonAsync("/api/v1/me"))["memberships"]![0]!["role"].Str().ShouldBe("member");
        (await dev.GetJsonAsync("/api/v1/projects")).Items().Count.ShouldBe(1);

        // Used once.
        (await anonymous.PostJsonAsync($"/api/v1/invitations/{link["token"].Str()}/accept", new { name = "Eve", password = "eve-password-123" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var members = (await owner.GetJsonAsync("/api/v1/organizations/1/members")).Items().Select(m => m!["email"].Str()).ToList();
        members.ShouldBe([BugSageFactory.AdminEmail, "dev@example.com"]);
    }

    [Fact]
    public async Task An_existing_account_joins_only_when_signed_in_as_itself()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (other, otherOrg, _) = await app.NewTenantAsync("sam@example.com");
        var owner = await app.SignedInClientAsync();
        var token = (await (await owner.PostJsonAsync("/api/v1/organizations/1/invitations", new { email = "sam@example.com", role = "viewer" })).ReadJsonAsync())["token"].Str();
        var anonymous = app.CreateClient();
        // Whoever holds the link cannot join the account by its password (nor guess at it and lock it), nor as someone else.
        (await anonymous.PostJsonAsync($"/api/v1/invitations/{token}/accept", new { password = "tenant-password-123" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await owner.PostJsonAsync($"/api/v1/invitations/{token}/accept", new { password = "tenant-password-123" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // An API token of the account is not a sign-in: accepting answers with a full session, which a narrow token must not become.
        var apiToken = (await (await other.PostJsonAsync("/api/v1/tokens", new { name = "ci", scopes = new[] { "project:read" } })).ReadJsonAsync())["token"].Str();
        (await app.ClientWithToken(apiToken).PostJsonAsync($"/api/v1/invitations/{token}/accept", new { password = "tenant-password-123" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await other.PostJsonAsync($"/api/v1/invitations/{token}/accept", new { password = "-" })).StatusCode.ShouldBe(HttpStatusCode.OK, "signed in as the account, its password is not asked again");
        (await other.GetJsonAsync("/api/v1/organizations")).Items().Select(o => o!["id"].Long()).ShouldBe([1L, otherOrg]);
    }

    [Fact]
    public async Task Invitations_are_mailed_when_smtp_is_configured()
    {
        await using var sink = new SmtpSink();
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Smtp:Host"] = "127.0.0.1", ["BugSage:Smtp:Port"] = sink.Port.ToString() });
        var owner = await app.SignedInClientAsync();
        var link = await (await owner.PostJsonAsync("/api/v1/organizations/1/invitations", new { email = "mail@example.com", role = "member" })).ReadJsonAsync();
        link["emailed"]!.GetValue<bool>().ShouldBeTrue();
        // Only the address's owner gets the secret: the inviter cannot accept in their name.
        link["token"].ShouldBeNull();
        link["url"].ShouldBeNull();
        var (to, data) = sink.Messages.ShouldHaveSingleItem();
        to.ShouldBe("mail@example.com");
        // Quoted-printable may fold long lines; unfold before looking for the link.
        var token = Regex.Match(data.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal), @"/invitations/(?<token>bsi_[A-Za-z0-9_-]+)").Groups["token"].Value;
        (await app.CreateClient().PostJsonAsync($"/api/v1/invitations/{token}/accept", new { name = "Mail", password = "mail-password-123" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_smtp_an_invitation_is_a_link_only()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var link = await (await (await app.SignedInClientAsync()).PostJsonAsync("/api/v1/organizations/1/invitations", new { email = "x@example.com", role = "member" })).ReadJsonAsync();
        link["emailed"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task An_expired_invitation_cannot_be_used()
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var owner = await app.SignedInClientAsync();
        var token = (await (await owner.PostJsonAsync("/api/v1/organizations/1/invitations", new { email = "late@example.com", role = "member" })).ReadJsonAsync())["token"].Str();
        clock.Advance(TimeSpan.FromDays(8));
        (await app.CreateClient().PostJsonAsync($"/api/v1/invitations/{token}/accept", new { name = "Late", password = "late-password-123" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Roles_decide_who_manages_members_and_an_organization_keeps_an_owner(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var owner = await app.SignedInClientAsync();
        var (admin, _, _) = await app.NewTenantAsync("ada@example.com");
        var (member, _, _) = await app.NewTenantAsync("max@example.com");
        (await owner.PostJsonAsync("/api/v1/organizations/1/members", new { email = "ada@example.com", role = "admin" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await owner.PostJsonAsync("/api/v1/organizations/1/members", new { email = "max@example.com", role = "member" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await owner.PostJsonAsync("/api/v1/organizations/1/members", new { email = "max@example.com", role = "member" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await owner.PostJsonAsync("/api/v1/organizations/1/members", new { email = "nobody@example.com", role = "member" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.PostJsonAsync("/api/v1/organizations/1/members", new { email = "max@example.com", role = "emperor" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var maxId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "max@example.com").Select(u => u.Id).SingleAsync());
        var ownerId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == BugSageFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        (await member.PatchAsync($"/api/v1/organizations/1/members/{maxId}", Json(new { role = "admin" }))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.PatchAsync($"/api/v1/organizations/1/members/{maxId}", Json(new { role = "owner" }))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.PatchAsync($"/api/v1/organizations/1/members/{maxId}", Json(new { role = "viewer" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.DeleteAsync($"/api/v1/organizations/1/members/{ownerId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await owner.PatchAsync($"/api/v1/organizations/1/members/{ownerId}", Json(new { role = "admin" }))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await owner.DeleteAsync($"/api/v1/organizations/1/members/{ownerId}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // A viewer reads but cannot triage or manage.
        (await member.GetAsync("/api/v1/projects/1/issues")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.PostJsonAsync("/api/v1/projects/1/keys", new { label = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.DeleteAsync($"/api/v1/organizations/1/members/{maxId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await member.GetAsync("/api/v1/projects/1/issues")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_an_organization_makes_the_caller_its_owner()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var created = await api.PostJsonAsync("/api/v1/organizations", new { name = "Acme Corp" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var org = await created.ReadJsonAsync();
        org["slug"].Str().ShouldBe("acme-corp");
        org["role"].Str().ShouldBe("owner");
        (await (await api.PostJsonAsync("/api/v1/organizations", new { name = "Acme  corp!" })).ReadJsonAsync())["slug"].Str().ShouldBe("acme-corp-2");

        var project = await (await api.PostJsonAsync("/api/v1/projects", new { name = "Web Shop", platform = "javascript", organizationId = org["id"]!.GetValue<long>() })).ReadJsonAsync();
        project["slug"].Str().ShouldBe("web-shop");
        project["organizationId"].Long().ShouldBe(org["id"].Long());
        (await api.GetJsonAsync($"/api/v1/projects/{project["id"]}/keys")).Items().ShouldHaveSingleItem();
    }

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
