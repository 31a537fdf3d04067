using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace BugSage.Server.Tests.Assistant.Mcp;

/// <summary>Issues and their latest events read as MCP resources.</summary>
public class McpResourceTests
{
    [Fact]
    public async Task An_issue_and_its_latest_event_read_through_the_resource_templates()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var issueId = await McpConnection.IngestIssueAsync(app, "loadCart");
        await using var client = await McpConnection.ConnectAsync(app, "project:read");

        (await client.ListResourceTemplatesAsync()).Select(t => t.UriTemplate)
            .ShouldBe(["bugsage://issues/{issueId}", "bugsage://issues/{issueId}/latest-event"], ignoreOrder: true);

        var issue = Single(await client.ReadResourceAsync($"bugsage://issues/{issueId}"));
        issue["id"]!.GetValue<long>().ShouldBe(issueId);
        issue["culprit"]!.GetValue<string>().ShouldContain("loadCart");

        var latest = await client.ReadResourceAsync($"bugsage://issues/{issueId}/latest-event");
        latest.Contents.ShouldHaveSingleItem().MimeType.ShouldBe("application/json");
        ((TextResourceContents)latest.Contents[0]).Text.ShouldContain("/srv/app/src/users.js");
    }

    [Fact]
    public async Task A_missing_issue_or_an_unknown_uri_is_an_error()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await using var client = await McpConnection.ConnectAsync(app, "project:read");
        await Should.ThrowAsync<McpProtocolException>(() => client.ReadResourceAsync("bugsage://issues/999999").AsTask());
        await Should.ThrowAsync<McpProtocolException>(() => client.ReadResourceAsync("bugsage://projects/1").AsTask());
    }

    private static JsonNode Single(ReadResourceResult result) =>
        JsonNode.Parse(((TextResourceContents)result.Contents.ShouldHaveSingleItem()).Text)!;
}
