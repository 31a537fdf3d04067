using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Accounts;

/// <summary>Red team 14c: what an organization admin and a narrow API token can still do across the role and tenant lines.</summary>
public class TenantAttack14cTests
{
    /// <summary>
    /// The 14b fix made a short password answer alike for every email; a valid-length one still does not. For an email
    /// with an account anywhere on the server, accepting one's own (not e-mailed) invitation answers 401 "This email
    /// already has an account"; for any other email it answers 200 (and makes the account, the attacker's). Any
    /// organization admin thus still learns which emails have accounts on this server, one invitation each.
    /// </summary>
    [Theory(Skip = "Open (docs/security.md, known limits): without a mailer the inviter holds the link, and no answer both creates a new account and hides an existing one"), SqliteData]
    public async Task Accepting_ones_own_invitation_with_a_valid_password_tells_nothing_about_other_tenants_accounts(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.NewTenantAsync("victim@tenant-b.test");
        var (attacker, attackerOrg, _) = await app.NewTenantAsync("attacker@tenant-a.test");

        async Task<HttpStatusCode> Probe(string email)
        {
            var invitation = await (await attacker.PostJsonAsync($"/api/v1/organizations/{attackerOrg}/invitations", new { email, role = "viewer" })).ReadJsonAsync();
            return (await app.CreateClient().PostJsonAsync($"/api/v1/invitations/{invitation["token"].Str()}/accept",
                new { name = "x", password = "a-long-enough-password-1" })).StatusCode;
        }

        var existing = await Probe("victim@tenant-b.test");
        var unknown = await Probe("nobody@tenant-c.test");
        existing.ShouldBe(unknown, "the accept answer tells another tenant's admin which emails have accounts on this server");
    }

    /// <summary>
    /// OrganizationsApi.Remove lets a member leave on IsMemberAsync alone, which no token scope narrows: a read-only API
    /// token (project:read, the kind handed to a dashboard or CI) takes its owner out of their organizations.
    /// </summary>
    [Theory, SqliteData]
    public async Task A_read_only_api_token_cannot_take_its_owner_out_of_an_organization(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var member = await app.MemberOfDefaultAsync("reader@example.com", "member");
        var token = (await (await member.PostJsonAsync("/api/v1/tokens", new { name = "ci", scopes = new[] { "project:read" } })).ReadJsonAsync())["token"].Str();
        var (orgId, userId) = await app.WithDbAsync(async db =>
            (await db.Organizations.Where(o => o.Slug == "default").Select(o => o.Id).SingleAsync(),
             await db.Users.Where(u => u.Email == "reader@example.com").Select(u => u.Id).SingleAsync()));

        var response = await app.ClientWithToken(token).DeleteAsync($"/api/v1/organizations/{orgId}/members/{userId}");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a project:read token removed its owner's membership");
        (await app.WithDbAsync(db => db.Memberships.AnyAsync(m => m.OrganizationId == orgId && m.UserId == userId))).ShouldBeTrue();
    }
}
