using System.Text.Json;
using BugSage.Core;
using System.Text.Json.Nodes;
using BugSage.Core.Accounts;
using BugSage.Server.Assistant.Tools;
using BugSage.Server.Auth;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace BugSage.Server.Assistant.Mcp;

/// <summary>MCP's tools/list and tools/call over the tool registry, as the API token's owner, within the token's scopes.</summary>
public static class McpTools
{
    public static async ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken ct)
    {
        var services = request.Services!;
        var available = await services.GetRequiredService<ToolRegistry>().AvailableAsync(services.GetRequiredService<AccessScope>(), ct);
        return new ListToolsResult { Tools = [.. available.Select(Describe)] };
    }

    public static async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken ct)
    {
        var services = request.Services!;
        var registry = services.GetRequiredService<ToolRegistry>();
        var actor = services.GetRequiredService<AccessScope>();
        var name = request.Params!.Name;
        if (registry.Find(name) is not { } tool)
            throw new McpProtocolException($"there is no tool {name.Truncate(100)}", McpErrorCode.InvalidParams);
        // A tool the caller is not offered is refused here, so a narrow token never reaches a tool's own checks.
        if (!(await registry.AvailableAsync(actor, ct)).Contains(tool))
            return Result(new ToolOutcome(ToolCallStatus.Refused, Error: Refusal(actor, tool)));
        var arguments = request.Params.Arguments is { } given ? JsonSerializer.SerializeToNode(given)?.AsObject() : null;
        // The agent's client asks its user before a call that changes anything, so the call arrives confirmed.
        return Result(await registry.InvokeAsync(await ContextAsync(services, ct), name, arguments, confirmed: true, ct));
    }

    private static Tool Describe(IAssistantTool tool) => new()
    {
        Name = tool.Name,
        Description = tool.Description,
        InputSchema = tool.InputSchema,
        Annotations = new ToolAnnotations { ReadOnlyHint = !tool.Changes },
    };

    /// <summary>The outcome as both text (what every client shows a model) and structured content; anything but success is a tool error the model can read.</summary>
    private static CallToolResult Result(ToolOutcome outcome)
    {
        var json = outcome.ToJson();
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = json.ToJsonString() }],
            StructuredContent = JsonSerializer.SerializeToElement(json),
            IsError = !outcome.Succeeded,
        };
    }

    /// <summary>Says whether the token or the owner's role is what falls short, since only the first is fixed by a new token.</summary>
    private static string Refusal(AccessScope actor, IAssistantTool tool)
    {
        var needed = PermissionNames.Of(tool.Needs);
        return (RolePermissions.ForScopes(actor.Scopes) & tool.Needs) != tool.Needs
            ? $"this API token lacks {needed}, which {tool.Name} needs: create a token with the {needed} scope"
            : $"your role does not allow {needed}, which {tool.Name} needs";
    }

    /// <summary>
    /// An agent has no conversation to say which organization it works in; when the caller belongs to one only,
    /// that one is meant, and the audit log files the call under it.
    /// </summary>
    internal static async Task<ToolContext> ContextAsync(IServiceProvider services, CancellationToken ct)
    {
        var actor = services.GetRequiredService<AccessScope>();
        return new(actor, OrganizationId: await services.GetRequiredService<Operations.ProjectAccess>().SoleOrganizationAsync(actor, ct));
    }
}
