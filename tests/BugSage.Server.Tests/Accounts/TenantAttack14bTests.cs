using System.Net;
using System.Net.Http.Json;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Accounts;

/// <summary>
/// Red team 14b. Where no SMTP server is configured (or sending fails), the inviter receives the
/// invitation token, and accepting it runs against whatever account holds the email: a short
/// password gets 400 "at least N characters" when no account exists but 401 when one does, so any
/// organization admin learns which emails have accounts on the server; and each 401 is a failed
/// sign-in counted by SignInGuard, so the same admin locks the other tenant's user out of signing in.
/// </summary>
public class TenantAttack14bTests
{
    [Theory, SqliteData]
    public async Task Accepting_ones_own_invitation_tells_nothing_about_other_tenants_accounts(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.NewTenantAsync("victim@tenant-b.test");
        var (attacker, attackerOrg, _) = await app.NewTenantAsync("attacker@tenant-a.test");

        async Task<HttpStatusCode> Probe(string email)
        {
            var invitation = await (await attacker.PostJsonAsync($"/api/v1/organizations/{attackerOrg}/invitations", new { email, role = "viewer" })).ReadJsonAsync();
            var token = invitation["token"].Str();
            return (await app.CreateClient().PostJsonAsync($"/api/v1/invitations/{token}/accept", new { name = "x", password = "x" })).StatusCode;
        }

        var existing = await Probe("victim@tenant-b.test");
        var unknown = await Probe("nobody@tenant-c.test");
        existing.ShouldBe(unknown, "the accept answer tells the attacker which emails have accounts on this server");
    }

    [Theory, SqliteData]
    public async Task An_org_admin_cannot_lock_another_tenants_user_out_through_invitations(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.NewTenantAsync("victim@tenant-b.test");
        var (attacker, attackerOrg, _) = await app.NewTenantAsync("attacker@tenant-a.test");

        for (var i = 0; i < 6; i++)
        {
            var invitation = await (await attacker.PostJsonAsync($"/api/v1/organizations/{attackerOrg}/invitations", new { email = "victim@tenant-b.test", role = "viewer" })).ReadJsonAsync();
            await app.CreateClient().PostJsonAsync($"/api/v1/invitations/{invitation["token"].Str()}/accept", new { name = "x", password = "wrong-password-" + i });
        }

        var signIn = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "victim@tenant-b.test", password = "tenant-password-123" });
        signIn.StatusCode.ShouldBe(HttpStatusCode.OK, "the victim, with the right password, is locked out by another tenant's admin");
    }
}
