using System.Net;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Accounts;

/// <summary>DSN keys are managed through the API, ingestion obeys at once, and the audit log tells who did it.</summary>
public class KeyAndAuditTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Rotated_and_revoked_keys_stop_ingesting_and_every_change_is_audited(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, oldKey) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var id = Envelopes.NewEventId();
        (await Envelopes.PostAsync(sdk, projectId, oldKey, Envelopes.Event(id, new { message = "before" }))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var keyId = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/keys")).Items().Single()!["id"].Long();
        var rotated = await (await api.PostAsync($"/api/v1/projects/{projectId}/keys/{keyId}/rotate", null)).ReadJsonAsync();
        var newKey = rotated["publicKey"].Str();
        newKey.ShouldNotBe(oldKey);
        (await Envelopes.PostAsync(sdk, projectId, oldKey, Envelopes.Event(Envelopes.NewEventId(), new { message = "old key" }))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Envelopes.PostAsync(sdk, projectId, newKey, Envelopes.Event(Envelopes.NewEventId(), new { message = "new key" }))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var limited = await (await api.PatchAsync($"/api/v1/projects/{projectId}/keys/{rotated["id"]}",
            new StringContent("{\"rateLimitPerMinute\": 1000}", System.Text.Encoding.UTF8, "application/json"))).ReadJsonAsync();
        limited["rateLimitPerMinute"]!.GetValue<int>().ShouldBe(1000);

        (await api.DeleteAsync($"/api/v1/projects/{projectId}/keys/{rotated["id"]}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Envelopes.PostAsync(sdk, projectId, newKey, Envelopes.Event(Envelopes.NewEventId(), new { message = "revoked" }))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var audit = (await api.GetJsonAsync("/api/v1/organizations/1/audit?limit=100")).Items();
        var actions = audit.Select(a => a!["action"].Str()).ToList();
        actions.ShouldContain("key.rotated");
        actions.ShouldContain("key.updated");
        actions.ShouldContain("key.revoked");
        actions.ShouldContain("auth.sign_in");
        var revoked = audit.First(a => a!["action"].Str() == "key.revoked")!;
        revoked["actor"].Str().ShouldBe(BugSageFactory.AdminEmail);
        revoked["details"].Str().ShouldContain(newKey);
        audit.Select(a => a!["id"].Long()).ShouldBeInOrder(SortDirection.Descending);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Only_admins_read_the_audit_log_and_outsiders_do_not_learn_it_exists(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var owner = await app.SignedInClientAsync();
        var (outsider, outsiderOrg, _) = await app.NewTenantAsync("out@example.com");
        var (viewer, _, _) = await app.NewTenantAsync("view@example.com");
        await owner.PostJsonAsync("/api/v1/organizations/1/members", new { email = "view@example.com", role = "viewer" });

        (await owner.GetAsync("/api/v1/organizations/1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync("/api/v1/organizations/1/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.GetAsync("/api/v1/organizations/1/audit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The outsider's own sign-in is not in organization 1's log.
        var actors = (await owner.GetJsonAsync("/api/v1/organizations/1/audit?limit=100")).Items().Select(a => a!["actor"].Str()).ToList();
        actors.ShouldNotContain("out@example.com");
        (await outsider.GetJsonAsync($"/api/v1/organizations/{outsiderOrg}/audit")).Items().Select(a => a!["actor"].Str()).ShouldContain("out@example.com");
    }
    [Theory, SqliteData, PostgresData]
    public async Task A_members_account_actions_show_from_the_day_they_joined_never_before(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var owner = await app.SignedInClientAsync();
        // Signing in (inside NewTenantAsync) and making a token happen before the account joins organization 1.
        var (newcomer, _, _) = await app.NewTenantAsync("new@example.com");
        (await newcomer.PostJsonAsync("/api/v1/tokens", new { name = "made-before-joining", scopes = new[] { "project:read" } })).EnsureSuccessStatusCode();
        (await owner.PostJsonAsync("/api/v1/organizations/1/members", new { email = "new@example.com", role = "viewer" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await newcomer.PostJsonAsync("/api/v1/tokens", new { name = "made-after-joining", scopes = new[] { "project:read" } })).EnsureSuccessStatusCode();

        var audit = (await owner.GetJsonAsync("/api/v1/organizations/1/audit?limit=100")).Items();
        var newcomers = audit.Where(a => a!["actor"].Str() == "new@example.com").Select(a => $"{a!["action"].Str()} {a["target"].Str()}").ToList();
        newcomers.ShouldBe(["token.created made-after-joining"]);
    }
}
