using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace BugSage.Server.Tests.Assistant.Mcp;

/// <summary>The official MCP client connected to the in-memory server, as an agent configured with an API token connects.</summary>
public static class McpConnection
{
    public static async Task<McpClient> ConnectWithTokenAsync(BugSageFactory app, string token)
    {
        var http = app.ClientWithToken(token);
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }

    /// <summary>A client with a new API token of <paramref name="scope"/>, made by <paramref name="user"/> (the admin when none is given).</summary>
    public static async Task<McpClient> ConnectAsync(BugSageFactory app, string scope, HttpClient? user = null) =>
        await ConnectWithTokenAsync(app, await ApiTokens.CreateAsync(user ?? await app.SignedInClientAsync(), scope));

    /// <summary>One node error ingested and digested; returns its issue's id.</summary>
    public static async Task<long> IngestIssueAsync(BugSageFactory app, string function = "loadCart")
    {
        await app.SendErrorsAsync(function, 1);
        return await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.Contains(function)).Select(i => i.Id).SingleAsync());
    }

    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, long issueId) =>
        await client.CallToolAsync(tool, new Dictionary<string, object?> { ["issueId"] = issueId });

    public static string Text(this CallToolResult result) => result.Content.OfType<TextContentBlock>().Single().Text;

    public static JsonNode Json(this CallToolResult result) => JsonNode.Parse(result.Text())!;
}
