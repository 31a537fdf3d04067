using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// A client of the SignalR hub /hubs/live speaking its JSON protocol over a plain WebSocket, with a
/// bearer token in the query string as WebSockets require: what a non-browser client does.
/// </summary>
public sealed class HubSocket : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket socket = new();
    private readonly Queue<JsonNode> pending = new();
    private int invocations;

    public static async Task<HubSocket> ConnectAsync(BugSageFactory app, string token, CancellationToken ct)
    {
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var negotiated = JsonNode.Parse(await (await api.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null, ct)).Content.ReadAsStringAsync(ct))!;
        var hub = new HubSocket();
        var uri = new UriBuilder(app.ClientOptions.BaseAddress)
        {
            Scheme = "ws", Path = "/hubs/live", Query = $"id={negotiated["connectionToken"]!.GetValue<string>()}&access_token={Uri.EscapeDataString(token)}",
        }.Uri;
        await hub.socket.ConnectAsync(uri, ct);
        await hub.SendAsync(new JsonObject { ["protocol"] = "json", ["version"] = 1 }, ct);
        (await hub.ReceiveAsync(ct)).ToJsonString().ShouldBe("{}");
        return hub;
    }

    /// <summary>Calls a hub method with one argument and answers its result.</summary>
    public async Task<JsonNode?> InvokeAsync(string target, string argument, CancellationToken ct)
    {
        var id = (++invocations).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(new JsonObject { ["type"] = 1, ["invocationId"] = id, ["target"] = target, ["arguments"] = new JsonArray(argument) }, ct);
        return (await NextAsync(m => m["invocationId"]?.GetValue<string>() == id, ct))["result"];
    }

    /// <summary>Reads until a message matches, until the deadline.</summary>
    public async Task<JsonNode> NextAsync(Func<JsonNode, bool> match, CancellationToken ct)
    {
        while (true)
        {
            var message = await ReceiveAsync(ct);
            if (match(message)) return message;
        }
    }

    /// <summary>The next event the hub pushes with this name; its payload.</summary>
    public async Task<JsonNode> EventAsync(string name, CancellationToken ct) =>
        (await NextAsync(m => m["target"]?.GetValue<string>() == name, ct))["arguments"]![0]!;

    private Task SendAsync(JsonNode message, CancellationToken ct) =>
        socket.SendAsync(new ArraySegment<byte>(Encoding.UTF8.GetBytes(message.ToJsonString() + RecordSeparator)), WebSocketMessageType.Text, true, ct);

    /// <summary>The next message the hub sends (pings included); frames may carry several.</summary>
    private async Task<JsonNode> ReceiveAsync(CancellationToken ct)
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

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
