using System.Net;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Alerts;

/// <summary>A rotated webhook secret overlaps the old one: both sign until the overlap ends, then only the new one.</summary>
public class SecretRotationTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Deliveries_carry_both_signatures_until_the_overlap_ends(string provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, oldSecret) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");

        var rotated = await (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}", new { secret = "" })).ReadJsonAsync();
        var newSecret = rotated["secret"].Str();
        newSecret.ShouldNotBe(oldSecret);
        rotated["previousSecretValidUntil"]!.GetValue<DateTime>().ShouldBe(new DateTime(2026, 12, 4, 10, 0, 0, DateTimeKind.Utc));
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}"))["secret"].ShouldBeNull("a secret is shown once");

        await app.SendErrorsAsync("during", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(1);
        var during = receiver.Requests.Last();
        (WebhookReceiver.Verify(during, newSecret), WebhookReceiver.Verify(during, oldSecret)).ShouldBe((true, true));
        during.Headers["webhook-signature"].Split(' ').Length.ShouldBe(2);

        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await app.SendErrorsAsync("after", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(1);
        var after = receiver.Requests.Last();
        (WebhookReceiver.Verify(after, newSecret), WebhookReceiver.Verify(after, oldSecret)).ShouldBe((true, false));
        after.Headers["webhook-signature"].Split(' ').Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_zero_overlap_switches_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Alerts:SecretOverlapHours"] = "0" });
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, oldSecret) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");
        var response = await api.PatchJsonAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}", new { secret = "" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var newSecret = (await response.ReadJsonAsync())["secret"].Str();
        await app.SendErrorsAsync("now", 1);
        (await app.DeliverAsync()).ShouldBe(1);
        var request = receiver.Requests.Single();
        (WebhookReceiver.Verify(request, newSecret), WebhookReceiver.Verify(request, oldSecret)).ShouldBe((true, false));
    }
}
