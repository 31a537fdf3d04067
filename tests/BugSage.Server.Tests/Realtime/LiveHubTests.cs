using System.Net;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Realtime;

/// <summary>
/// The SignalR hub /hubs/live for clients outside the browser: a bearer token (in the query
/// string, as WebSockets require), groups only of readable projects, and the digest's
/// issue events. Spoken here in the hub's JSON protocol over a plain WebSocket.
/// </summary>
public class LiveHubTests
{
    [Fact]
    public async Task A_token_holder_subscribes_to_its_projects_only_and_hears_new_issues()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", kestrel: true);
        var (projectId, key) = await app.DefaultKeyAsync();
        var token = await app.AccessTokenAsync();
        var (_, _, foreignProject) = await app.NewTenantAsync("other@example.com");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var anonymous = await app.CreateClient().PostAsync("/hubs/live/negotiate?negotiateVersion=1", null, timeout.Token);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await using var hub = await HubSocket.ConnectAsync(app, token, timeout.Token);
        (await hub.InvokeAsync("JoinGroup", $"project:{foreignProject}", timeout.Token))!.GetValue<bool>().ShouldBeFalse();
        (await hub.InvokeAsync("JoinGroup", "project:01", timeout.Token))!.GetValue<bool>().ShouldBeFalse();
        (await hub.InvokeAsync("JoinGroup", $"project:{projectId}", timeout.Token))!.GetValue<bool>().ShouldBeTrue();

        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new { message = "Checkout failed" }));
        await app.DigestAsync();
        var payload = await hub.EventAsync("issue.created", timeout.Token);
        payload["projectId"]!.GetValue<long>().ShouldBe(projectId);
        payload["title"]!.GetValue<string>().ShouldBe("Checkout failed");
    }
}
