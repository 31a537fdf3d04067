using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Accounts;
using BugSage.Server.Auth;

namespace BugSage.Server.Assistant.Tools;

/// <summary>
/// Who calls a tool and where they stand: the caller (their roles and token scopes decide what
/// runs), and the project and issue the conversation is about, used when a call names neither.
/// </summary>
public sealed record ToolContext(AccessScope Actor, long? OrganizationId = null, long? ProjectId = null, long? IssueId = null);

/// <summary>A tool as callers see it: what it does, its arguments' JSON schema, the permission it needs and whether it changes anything.</summary>
public sealed record ToolDescription(string Name, string Description, JsonElement InputSchema, string Permission, bool Changes);

/// <summary>How a call ended.</summary>
public enum ToolCallStatus { Ok, NeedsConfirmation, Refused, Invalid, NotFound, Failed }

/// <summary>A tool's answer: its result as JSON, or why there is none, in words a person (or a model) reads.</summary>
public sealed record ToolOutcome(ToolCallStatus Status, JsonNode? Result = null, string? Error = null)
{
    public bool Succeeded => Status == ToolCallStatus.Ok;

    public static ToolOutcome Ok(JsonNode? result) => new(ToolCallStatus.Ok, result);
    public static ToolOutcome Invalid(string error) => new(ToolCallStatus.Invalid, Error: error);
    public static ToolOutcome NotFound(string error) => new(ToolCallStatus.NotFound, Error: error);

    /// <summary>The answer as one JSON object, the shape models and MCP clients get.</summary>
    public JsonObject ToJson() => Succeeded
        ? new JsonObject { ["ok"] = true, ["result"] = Result?.DeepClone() }
        : new JsonObject { ["ok"] = false, ["status"] = JsonNamingPolicy.CamelCase.ConvertName(Status.ToString()), ["error"] = Error };
}

/// <summary>One tool over BugSage's operations: a typed surface that parses its arguments and calls one operation as the caller.</summary>
public interface IAssistantTool
{
    string Name { get; }
    string Description { get; }
    JsonElement InputSchema { get; }

    /// <summary>What the caller must hold in some organization to be offered the tool; the operation checks again for the thing it touches.</summary>
    Permission Needs { get; }

    /// <summary>Whether the tool changes anything; such calls run only once a person confirms them.</summary>
    bool Changes { get; }

    Task<ToolOutcome> InvokeAsync(ToolContext context, JsonObject arguments, CancellationToken ct);
}
