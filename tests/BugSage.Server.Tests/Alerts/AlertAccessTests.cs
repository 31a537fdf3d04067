using System.Net;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Alerts;

/// <summary>Who may do what: admins manage integrations, members manage rules, viewers read; other tenants see nothing.</summary>
public class AlertAccessTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Admins_manage_integrations_members_manage_rules_viewers_only_read(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var owner = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(owner, projectId, receiver);
        var member = await app.MemberOfDefaultAsync("member@example.com", "member");
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        var integrations = $"/api/v1/projects/{projectId}/integrations";
        var rules = $"/api/v1/projects/{projectId}/alert-rules";
        var rule = new { name = "mine", trigger = "new_issue", actions = new[] { new { target = "integration", integrationId } } };

        (await member.PostJsonAsync(integrations, new { kind = "webhook", name = "x", url = receiver.Url() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.PatchJsonAsync($"{integrations}/{integrationId}", new { paused = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.DeleteAsync($"{integrations}/{integrationId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.PostAsync($"{integrations}/{integrationId}/test", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.GetJsonAsync(integrations)).AsArray().Count.ShouldBe(1, "members choose targets for their rules");

        var created = await member.PostJsonAsync(rules, rule);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var ruleId = (await created.ReadJsonAsync())["id"].Long();
        (await member.PatchJsonAsync($"{rules}/{ruleId}", new { enabled = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PostJsonAsync(rules, rule)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.DeleteAsync($"{rules}/{ruleId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.GetJsonAsync(rules)).Items().Count.ShouldBe(1);
        (await owner.GetJsonAsync($"{rules}/{ruleId}"))["createdBy"].Str().ShouldBe("member@example.com");
    }

    [Fact]
    public async Task A_test_notification_goes_through_the_outbox()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var owner = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, secret) = await AlertSetup.WebhookAsync(owner, projectId, receiver);
        var queued = await owner.PostAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}/test", null);
        queued.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await app.DeliverAsync()).ShouldBe(1);
        var request = receiver.Requests.ShouldHaveSingleItem();
        WebhookReceiver.Verify(request, secret).ShouldBeTrue();
        AlertSetup.Payloads(receiver).Single()["type"].Str().ShouldBe("alert.test");
        (await owner.GetJsonAsync($"/api/v1/deliveries/{(await queued.ReadJsonAsync())["deliveryId"].Long()}"))["status"].Str().ShouldBe("delivered");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Another_tenant_lists_none_of_the_deliveries(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var owner = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(owner, projectId, receiver);
        var rule = await AlertSetup.RuleToAsync(owner, projectId, integrationId, "new_issue");
        await app.SendErrorsAsync("private", 1);
        (await owner.GetJsonAsync("/api/v1/deliveries")).Items().Count.ShouldBe(1);

        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        (await intruder.GetJsonAsync("/api/v1/deliveries")).Items().Count.ShouldBe(0);
        (await intruder.GetJsonAsync($"/api/v1/deliveries?ruleId={rule["id"].Long()}&projectId={projectId}")).Items().Count.ShouldBe(0);
    }
}
