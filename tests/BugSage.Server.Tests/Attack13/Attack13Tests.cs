using System.Net;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Tests.Assistant;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Attack13;

/// <summary>
/// An outside attack on the access gate and the operating surfaces (live hub, assistant, rate limits,
/// retention, operator verbs): each test states what must hold, and failed before its fix.
/// </summary>
public class Attack13Tests
{
    [Fact]
    public async Task A_member_removed_from_the_organization_stops_hearing_its_projects_on_the_hub()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", kestrel: true);
        var (projectId, key) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        await app.MemberOfDefaultAsync("leaver@example.com", "member");
        var memberToken = await app.AccessTokenAsync("leaver@example.com", "member-password-123");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));

        await using var hub = await HubSocket.ConnectAsync(app, memberToken, timeout.Token);
        (await hub.InvokeAsync("JoinGroup", $"project:{projectId}", timeout.Token))!.GetValue<bool>().ShouldBeTrue();
        // Someone who may still read the project listens too: the event is sent, just not to the leaver.
        await using var stayer = await HubSocket.ConnectAsync(app, await app.AccessTokenAsync(), timeout.Token);
        (await stayer.InvokeAsync("JoinGroup", $"project:{projectId}", timeout.Token))!.GetValue<bool>().ShouldBeTrue();

        var (orgId, userId) = await app.WithDbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Email == "leaver@example.com");
            var m = await db.Memberships.SingleAsync(x => x.UserId == u.Id);
            return (m.OrganizationId, u.Id);
        });
        (await admin.DeleteAsync($"/api/v1/organizations/{orgId}/members/{userId}")).IsSuccessStatusCode.ShouldBeTrue();
        // The SSE stream would now refuse (StreamAccess re-reads membership before each event); the hub must too.
        (await app.ClientWithToken(memberToken).GetAsync($"/api/v1/projects/{projectId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "Secret payroll failure" }));
        await app.DigestAsync();
        (await stayer.EventAsync("issue.created", timeout.Token))!.ToJsonString().ShouldContain("Secret payroll failure");
        using var shortWait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        System.Text.Json.Nodes.JsonNode? leaked = null;
        try { leaked = await hub.EventAsync("issue.created", shortWait.Token); } catch (Exception) { }
        leaked.ShouldBeNull($"a removed member still hears the organization's issues on /hubs/live: {leaked?.ToJsonString()}");
    }


    [Fact]
    public async Task A_revoked_api_token_stops_hearing_on_the_hub()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", kestrel: true);
        var (projectId, key) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        var created = await (await admin.PostJsonAsync("/api/v1/tokens", new { name = "ci", scopes = new[] { "project:read" } })).ReadJsonAsync();
        var token = created["token"].Str();
        var tokenId = created["id"]!.GetValue<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));

        await using var hub = await HubSocket.ConnectAsync(app, token, timeout.Token);
        (await hub.InvokeAsync("JoinGroup", $"project:{projectId}", timeout.Token))!.GetValue<bool>().ShouldBeTrue();
        await using var stayer = await HubSocket.ConnectAsync(app, await app.AccessTokenAsync(), timeout.Token);
        (await stayer.InvokeAsync("JoinGroup", $"project:{projectId}", timeout.Token))!.GetValue<bool>().ShouldBeTrue();
        (await admin.DeleteAsync($"/api/v1/tokens/{tokenId}")).IsSuccessStatusCode.ShouldBeTrue();
        (await app.ClientWithToken(token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "After revocation" }));
        await app.DigestAsync();
        (await stayer.EventAsync("issue.created", timeout.Token))!.ToJsonString().ShouldContain("After revocation");
        using var shortWait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        System.Text.Json.Nodes.JsonNode? leaked = null;
        try { leaked = await hub.EventAsync("issue.created", shortWait.Token); } catch (Exception) { }
        leaked.ShouldBeNull($"a revoked token still hears issues on /hubs/live: {leaked?.ToJsonString()}");
    }


    [Fact]
    public async Task A_question_about_another_organizations_issue_is_not_answered_and_counted_under_this_conversations_organization()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (_, orgB, projectB) = await app.NewTenantAsync("b-owner@example.com");
        var keyB = await app.WithDbAsync(db => db.ProjectKeys.Where(k => k.ProjectId == projectB).Select(k => k.PublicKey).SingleAsync());
        (await Envelopes.PostAsync(app.CreateClient(), projectB, keyB, Envelopes.Event(Envelopes.NewEventId(), new { message = "Org B confidential failure" }))).EnsureSuccessStatusCode();
        await app.DigestAsync();
        var issueB = await app.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectB).Select(i => i.Id).SingleAsync());
        // The admin of the default organization (A) is also a plain member of B.
        var (orgA, adminId) = await app.WithDbAsync(async db =>
        {
            var admin = await db.Users.OrderBy(u => u.Id).FirstAsync();
            var a = await db.Memberships.Where(m => m.UserId == admin.Id).Select(m => m.OrganizationId).SingleAsync();
            db.Add(new BugSage.Core.Accounts.Membership { OrganizationId = orgB, UserId = admin.Id, Role = BugSage.Core.Accounts.Roles.Member, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return (a, admin.Id);
        });
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client, new { organizationId = orgA });

        var answer = await client.PostJsonAsync($"/api/v1/assistant/conversations/{conversation}/messages", new { content = "what is this issue about?", issueId = issueB });
        var body = await answer.Content.ReadAsStringAsync();
        var countedUnder = await app.WithDbAsync(db => db.AskedQuestions.Where(q => q.UserId == adminId).Select(q => q.OrganizationId).ToListAsync());
        // Refused: the issue is not in the conversation's organization, whose models, limits and costs would answer it.
        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body[..Math.Min(body.Length, 600)]);
        body.ShouldContain("another of your organizations");
        countedUnder.ShouldBeEmpty();
        // Asked in a conversation of B itself, the same question is answered.
        var inB = await AssistantApp.ConversationAsync(client, new { organizationId = orgB });
        (await client.PostJsonAsync($"/api/v1/assistant/conversations/{inB}/messages", new { content = "what is this issue about?", issueId = issueB })).IsSuccessStatusCode.ShouldBeTrue();
    }


    [Fact]
    public async Task Holds_retention_needs_project_write_and_storage_is_not_found_across_tenants()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.OrganizationId).SingleAsync());
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        var member = await app.MemberOfDefaultAsync("member@example.com", "member");
        (await viewer.PatchJsonAsync($"/api/v1/projects/{projectId}", new { eventRetentionDays = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.PatchJsonAsync($"/api/v1/projects/{projectId}", new { eventRetentionDays = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await app.SignedInClientAsync();
        var token = app.ClientWithToken(await ApiTokens.CreateAsync(admin, "project:read"));
        (await token.PatchJsonAsync($"/api/v1/projects/{projectId}", new { eventRetentionDays = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (stranger, strangerOrg, strangerProject) = await app.NewTenantAsync("stranger@example.com");
        (await stranger.GetAsync($"/api/v1/organizations/{orgId}/storage")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.PatchJsonAsync($"/api/v1/projects/{projectId}", new { eventRetentionDays = 1 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/api/v1/organizations/{strangerOrg}/storage")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetAsync($"/api/v1/organizations/{orgId}/storage")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // ETag of another tenant's project: 404 whatever If-None-Match says.
        var own = await admin.GetAsync($"/api/v1/projects/{projectId}");
        var tag = own.Headers.ETag!.Tag;
        own.Headers.CacheControl!.Private.ShouldBeTrue();
        var probe = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{projectId}");
        probe.Headers.TryAddWithoutValidation("If-None-Match", tag);
        (await stranger.SendAsync(probe)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.EventRetentionDays).SingleAsync())).ShouldBeNull();
    }


    [Fact]
    public async Task Requests_that_fail_authentication_spend_the_address_budget_too()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new()
        {
            ["BugSage:RateLimits:Api:PermitLimit"] = "3",
            ["BugSage:RateLimits:Api:WindowSeconds"] = "60",
        });
        var (projectId, _) = await app.DefaultKeyAsync();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
            answers.Add((await app.ClientWithToken($"bsg_guess{i:D40}").GetAsync($"/api/v1/projects/{projectId}/issues?query=is:unresolved")).StatusCode);
        answers.ShouldContain(HttpStatusCode.TooManyRequests,
            $"20 requests with guessed tokens from one address, budget 3: {string.Join(",", answers.Select(a => (int)a))} (UseAuthorization answers 401 before UseRateLimiter counts)");
    }


    [Fact]
    public async Task Reset_password_by_the_operator_ends_the_accounts_api_tokens_too()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        var minted = app.ClientWithToken(await ApiTokens.CreateAsync(admin, "project:write"));
        (await minted.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ops = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<BugSage.Server.ServerAdmins.OperatorAccountOperations>(scope.ServiceProvider);
            (await ops.ResetPasswordAsOperatorAsync(BugSageFactory.AdminEmail, null, CancellationToken.None)).Succeeded.ShouldBeTrue();
        }

        (await app.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.RevokedAt == null))).ShouldBeFalse("reset-password left an API token unrevoked");
        // The verb runs in another process than the server, whose token lookups are cached for a few seconds: the token stops working within them.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        while ((status = (await minted.GetAsync("/api/v1/projects")).StatusCode) != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline) await Task.Delay(200);
        status.ShouldBe(HttpStatusCode.Unauthorized, "after reset-password (the operator's answer to a taken-over account) a token the intruder minted still works");
    }

    [Fact]
    public async Task A_tenant_admin_cannot_keep_events_longer_than_the_operator_allows()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Retention:EventDays"] = "7", ["BugSage:Retention:MaxEventDays"] = "30" });
        var (tenant, _, project) = await app.NewTenantAsync("hoarder@example.com");
        var refused = await tenant.PatchJsonAsync($"/api/v1/projects/{project}", new { eventRetentionDays = 3650 });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await refused.Content.ReadAsStringAsync());
        (await refused.Content.ReadAsStringAsync()).ShouldContain("1 to 30 days");
        (await tenant.PatchJsonAsync($"/api/v1/projects/{project}", new { eventRetentionDays = 30 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project).Select(p => p.EventRetentionDays).SingleAsync())).ShouldBe(30);
    }

    [Fact]
    public void A_project_set_past_a_lowered_ceiling_is_kept_only_to_the_ceiling()
    {
        var options = new BugSage.Core.Retention.RetentionOptions { EventDays = 90, MaxEventDays = 30 };
        (options.DaysFor(365), options.DaysFor(null), options.DaysFor(7)).ShouldBe((30, 30, 7));
    }
}
