using System.Net;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Accounts;

/// <summary>
/// Red-team findings (issue 14). Any organization admin (on a server with open organizations, any
/// user; otherwise any tenant a server admin opened) can add any account on the server to their
/// organization by email, without an invitation or the person's consent
/// (<c>POST /api/v1/organizations/{id}/members</c>). That answers which emails have accounts here,
/// and it makes the person a "member", whose organization-less audit entries (sign-ins with IP
/// addresses, API tokens made and revoked, password changes, server-admin grants) the organization's
/// audit log then shows to the hostile admin, including everything from before the "membership".
/// </summary>
public class TenantAttackTests
{
    [Theory, SqliteData]
    public async Task An_org_admin_cannot_enlist_another_tenants_user_without_an_invitation(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (victim, _, _) = await app.NewTenantAsync("victim@tenant-b.test");
        (await victim.PostJsonAsync("/api/v1/tokens", new { name = "victim-ci-deploy-token", scopes = new[] { "project:read" } })).EnsureSuccessStatusCode();
        var (attacker, attackerOrg, _) = await app.NewTenantAsync("attacker@tenant-a.test");

        var existing = await attacker.PostJsonAsync($"/api/v1/organizations/{attackerOrg}/members", new { email = "victim@tenant-b.test", role = "viewer" });
        var unknown = await attacker.PostJsonAsync($"/api/v1/organizations/{attackerOrg}/members", new { email = "nobody@tenant-c.test", role = "viewer" });
        existing.StatusCode.ShouldNotBe(HttpStatusCode.Created, "another tenant's user was made a member of the attacker's organization without consent");
        existing.StatusCode.ShouldBe(unknown.StatusCode, "the answer tells the attacker which emails have accounts on this server");
    }

    [Theory, SqliteData]
    public async Task An_org_admin_never_reads_another_tenants_users_sign_ins_or_tokens(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (victim, _, _) = await app.NewTenantAsync("victim@tenant-b.test");
        (await victim.PostJsonAsync("/api/v1/tokens", new { name = "victim-ci-deploy-token", scopes = new[] { "project:read" } })).EnsureSuccessStatusCode();
        var (attacker, attackerOrg, _) = await app.NewTenantAsync("attacker@tenant-a.test");
        await attacker.PostJsonAsync($"/api/v1/organizations/{attackerOrg}/members", new { email = "victim@tenant-b.test", role = "viewer" });

        var audit = await (await attacker.GetAsync($"/api/v1/organizations/{attackerOrg}/audit")).Content.ReadAsStringAsync();
        audit.ShouldNotContain("victim-ci-deploy-token", customMessage: "the victim's token (made in their own tenant) shows in the attacker's audit log");
        audit.ShouldNotContain("\"auth.sign_in\",\"target\":\"victim@", customMessage: "the victim's sign-ins show in the attacker's audit log");
    }

    /// <summary>
    /// Account pre-hijacking: an invitation hands its token to the inviter (even when it was
    /// e-mailed), and accepting it creates an account for an address nobody proved they own. A
    /// hostile org admin invites alice@victim.test (no account yet), accepts with a password of their
    /// own, and holds "Alice's" account; when the victim organization later adds Alice by email, the
    /// attacker is in.
    /// </summary>
    [Theory, SqliteData]
    public async Task An_account_made_from_a_hostile_invitation_never_joins_the_organization_that_meant_the_real_person(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (victimOwner, victimOrg, victimProject) = await app.NewTenantAsync("owner@victim.test");
        var (attacker, attackerOrg, _) = await app.NewTenantAsync("attacker@tenant-a.test");

        var invitation = await (await attacker.PostJsonAsync($"/api/v1/organizations/{attackerOrg}/invitations", new { email = "alice@victim.test", role = "viewer" })).ReadJsonAsync();
        var token = invitation["token"].Str();
        (await app.CreateClient().PostJsonAsync($"/api/v1/invitations/{token}/accept", new { name = "Alice", password = "attacker-chosen-password" })).EnsureSuccessStatusCode();

        // Later, the victim organization brings in its colleague by email, as the API offers.
        await victimOwner.PostJsonAsync($"/api/v1/organizations/{victimOrg}/members", new { email = "alice@victim.test", role = "admin" });

        var asAlice = await app.SignedInClientAsync("alice@victim.test", "attacker-chosen-password");
        var projects = await (await asAlice.GetAsync("/api/v1/projects")).Content.ReadAsStringAsync();
        projects.ShouldNotContain($"\"id\":{victimProject},", customMessage: "the attacker, holding an account made from their own invitation, reads the victim organization's projects");
    }

    /// <summary>
    /// Clones and fetches never use the link's access token, so a private https repository can only
    /// be linked with the credential in the URL, which GitRemote accepts (user:password@host); the
    /// URL is then stored in clear, served to every viewer of the project and written to the audit
    /// log, although docs/autofix.md says tokens "are encrypted and never served back".
    /// </summary>
    [Theory, SqliteData]
    public async Task A_credential_in_a_repository_url_is_never_served_back(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var owner = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var linked = await owner.PostJsonAsync($"/api/v1/projects/{projectId}/repositories",
            new { name = "private", url = "https://x-access-token:ghp_PrivateRepoToken123@github.com/acme/private.git" });
        // Refused with the way to do it instead: the token field, sealed and never served back.
        linked.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await linked.Content.ReadAsStringAsync()).ShouldContain("give the token as accessToken");
        (await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Repositories))).ShouldBe(0);
        (await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.AuditEntries.Select(a => a.Details))))
            .ShouldAllBe(d => d == null || !d.Contains("ghp_PrivateRepoToken123"));
    }
}
