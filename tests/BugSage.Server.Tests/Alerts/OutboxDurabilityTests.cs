using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Alerts;

/// <summary>
/// The outbox outlives the process that wrote it: a firing committed with its events is sent after
/// a restart, once; a delivery whose node died mid-send is taken over when the lease runs out, and
/// one still under a live node's lease is left to it.
/// </summary>
public class OutboxDurabilityTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_firing_committed_before_a_restart_is_delivered_once_after_it(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var data = Directory.CreateTempSubdirectory("bugsage-outbox-").FullName;
        string? connection;
        await using (var first = await BugSageFactory.CreateAsync(provider, dataDirectory: data))
        {
            connection = first.ConnectionString;
            var api = await first.SignedInClientAsync();
            var (projectId, _) = await first.DefaultKeyAsync();
            var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
            await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");
            await first.SendErrorsAsync("before-restart", 1);
            // The node stops here: committed, not sent.
        }
        receiver.Requests.ShouldBeEmpty();

        var overrides = connection is null ? null : new Dictionary<string, string?> { ["BugSage:Storage:ConnectionString"] = connection };
        await using var second = await BugSageFactory.CreateAsync(provider, overrides, data);
        (await second.DeliverAsync()).ShouldBe(1);
        (await second.DeliverAsync()).ShouldBe(0);
        receiver.Requests.ShouldHaveSingleItem();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task A_delivery_whose_node_died_is_taken_over_with_the_same_id_and_a_live_lease_is_respected()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");
        await app.SendErrorsAsync("mid-send", 1);
        Task<int> ClaimedByAsync(DateTime expires) => app.WithDbAsync(db => db.AlertDeliveries.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, "running").SetProperty(d => d.LeaseOwner, "node-elsewhere")
            .SetProperty(d => d.LeaseExpiresAt, expires).SetProperty(d => d.Attempts, 1)));

        await ClaimedByAsync(DateTime.UtcNow.AddMinutes(5));
        (await app.DeliverAsync()).ShouldBe(0, "another node holds it");
        await ClaimedByAsync(DateTime.UtcNow.AddMinutes(-1));
        (await app.DeliverAsync()).ShouldBe(1);

        var delivery = await app.WithDbAsync(db => db.AlertDeliveries.AsNoTracking().SingleAsync());
        (delivery.Status, delivery.Attempts, delivery.SendCount).ShouldBe(("delivered", 2, 1));
        receiver.Requests.ShouldHaveSingleItem().Headers["webhook-id"].ShouldBe($"msg_{delivery.Id}");
    }
}
