using System.Text.Json.Nodes;
using BugSage.Core;
using System.Text.RegularExpressions;
using BugSage.Server.Assistant.Tools;
using BugSage.Server.Auth;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace BugSage.Server.Assistant.Mcp;

/// <summary>
/// Issues and their latest events as MCP resources, read through the same tools (and so the same access gate and shapes)
/// as tools/call: an agent can attach an issue to its context without a tool call.
/// </summary>
public static partial class McpResources
{
    private const string Json = "application/json";

    public static ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> request, CancellationToken ct) =>
        ValueTask.FromResult(new ListResourceTemplatesResult
        {
            ResourceTemplates =
            [
                new() { UriTemplate = "bugsage://issues/{issueId}", Name = "issue", MimeType = Json, Description = "An issue: title, culprit, level, status, counts, first and last seen, releases and assignee." },
                new() { UriTemplate = "bugsage://issues/{issueId}/latest-event", Name = "latest-event", MimeType = Json, Description = "An issue's latest event: exception, stack trace, tags, request, user and breadcrumbs." },
            ],
        });

    public static async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken ct)
    {
        var uri = request.Params!.Uri;
        if (IssueUri().Match(uri) is not { Success: true } match || !long.TryParse(match.Groups["id"].Value, out var issueId))
            throw new McpProtocolException($"no resource {uri.Truncate(200)}: BugSage serves bugsage://issues/{{issueId}} and bugsage://issues/{{issueId}}/latest-event", McpErrorCode.InvalidParams);
        var services = request.Services!;
        var tool = match.Groups["event"].Success ? "get_latest_event" : "get_issue";
        var context = await McpTools.ContextAsync(services, ct);
        var outcome = await services.GetRequiredService<ToolRegistry>().InvokeAsync(context, tool, new JsonObject { ["issueId"] = issueId }, confirmed: false, ct);
        // Another tenant's issue reads exactly like a missing one, as everywhere else.
        if (!outcome.Succeeded) throw new McpProtocolException($"{uri}: {outcome.Error}", McpErrorCode.InvalidParams);
        return new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri, MimeType = Json, Text = outcome.Result?.ToJsonString() ?? "null" }] };
    }

    [GeneratedRegex(@"^bugsage://issues/(?<id>\d{1,18})(?<event>/latest-event)?$")]
    private static partial Regex IssueUri();
}
