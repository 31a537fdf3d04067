using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Realtime;

/// <summary>
/// The SignalR hub /hubs/live for clients outside the browser: a bearer token (in the query
/// string, as WebSockets require), groups only of readable projects, and the digest's
/// issue events. Spoken here in the hub's JSON protocol over a plain WebSocket.
/// </summary>
public class LiveHubTests
{
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task A_token_holder_subscribes_to_its_projects_only_and_hears_new_issues()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", kestrel: true);
        var (projectId, key) = await app.DefaultKeyAsync();
        var token = await AccessTokenAsync(app);
        var (_, _, foreignProject) = await app.NewTenantAsync("other@example.com");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var anonymous = await app.CreateClient().PostAsync("/hubs/live/negotiate?negotiateVersion=1", null, timeout.Token);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var negotiated = JsonNode.Parse(await (await api.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null, timeout.Token)).Content.ReadAsStringAsync(timeout.Token))!;
        var connectionToken = negotiated["connectionToken"]!.GetValue<string>();

        using var socket = new ClientWebSocket();
        var ws = new UriBuilder(app.ClientOptions.BaseAddress) { Scheme = "ws", Path = "/hubs/live", Query = $"id={connectionToken}&access_token={Uri.EscapeDataString(token)}" }.Uri;
        await socket.ConnectAsync(ws, timeout.Token);
        await SendAsync(socket, new JsonObject { ["protocol"] = "json", ["version"] = 1 }, timeout.Token);
        (await ReceiveAsync(socket, timeout.Token)).ToJsonString().ShouldBe("{}");

        await SendAsync(socket, Invocation("1", "JoinGroup", $"project:{foreignProject}"), timeout.Token);
        (await NextAsync(socket, m => m["invocationId"]?.GetValue<string>() == "1", timeout.Token))["result"]!.GetValue<bool>().ShouldBeFalse();
        await SendAsync(socket, Invocation("2", "JoinGroup", $"project:{projectId}"), timeout.Token);
        (await NextAsync(socket, m => m["invocationId"]?.GetValue<string>() == "2", timeout.Token))["result"]!.GetValue<bool>().ShouldBeTrue();

        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new { message = "Checkout failed" }));
        await app.DigestAsync();
        var created = await NextAsync(socket, m => m["target"]?.GetValue<string>() == "issue.created", timeout.Token);
        var payload = created["arguments"]![0]!;
        payload["projectId"]!.GetValue<long>().ShouldBe(projectId);
        payload["title"]!.GetValue<string>().ShouldBe("Checkout failed");
    }

    private static async Task<string> AccessTokenAsync(BugSageFactory app)
    {
        var login = await (await app.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword })).ReadJsonAsync();
        return login["accessToken"].Str();
    }

    private static JsonObject Invocation(string id, string target, string argument) =>
        new() { ["type"] = 1, ["invocationId"] = id, ["target"] = target, ["arguments"] = new JsonArray(argument) };

    private static Task SendAsync(ClientWebSocket socket, JsonNode message, CancellationToken ct) =>
        socket.SendAsync(new ArraySegment<byte>(Encoding.UTF8.GetBytes(message.ToJsonString() + RecordSeparator)), WebSocketMessageType.Text, true, ct);

    private readonly Queue<JsonNode> pending = new();

    /// <summary>The next message the hub sends (pings included); frames may carry several.</summary>
    private async Task<JsonNode> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        if (pending.Count > 0) return pending.Dequeue();
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, ct);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        } while (!result.EndOfMessage || text[^1] != RecordSeparator);
        var messages = text.ToString().Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries).Select(m => JsonNode.Parse(m)!).ToList();
        foreach (var m in messages.Skip(1)) pending.Enqueue(m);
        return messages[0];
    }

    /// <summary>Reads until a message matches, until the deadline.</summary>
    private async Task<JsonNode> NextAsync(ClientWebSocket socket, Func<JsonNode, bool> match, CancellationToken ct)
    {
        while (true)
        {
            var message = await ReceiveAsync(socket, ct);
            if (match(message)) return message;
        }
    }
}
