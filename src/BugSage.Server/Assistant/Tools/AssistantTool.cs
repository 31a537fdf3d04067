using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Accounts;
using BugSage.Server.Operations;
using Microsoft.Extensions.AI;

namespace BugSage.Server.Assistant.Tools;

/// <summary>
/// A tool with typed arguments: the schema is generated from <typeparamref name="TArgs"/>, so what a
/// model is told and what the tool accepts cannot drift apart; operation results become tool outcomes.
/// </summary>
public abstract class AssistantTool<TArgs> : IAssistantTool where TArgs : class
{
    private static readonly JsonElement Schema = AIJsonUtilities.CreateJsonSchema(typeof(TArgs), serializerOptions: ToolJson.Options);

    public abstract string Name { get; }
    public abstract string Description { get; }
    public JsonElement InputSchema => Schema;
    public virtual Permission Needs => Permission.ProjectRead;
    public virtual bool Changes => false;

    public async Task<ToolOutcome> InvokeAsync(ToolContext context, JsonObject arguments, CancellationToken ct)
    {
        TArgs? args;
        try
        {
            args = arguments.Deserialize<TArgs>(ToolJson.Options);
        }
        catch (JsonException e)
        {
            return ToolOutcome.Invalid($"the arguments do not fit the tool's schema: {e.Path ?? "a required argument"} is missing or has the wrong type");
        }
        return args is null ? ToolOutcome.Invalid("the arguments must be an object") : await RunAsync(context, args, ct);
    }

    protected abstract Task<ToolOutcome> RunAsync(ToolContext context, TArgs args, CancellationToken ct);

    /// <summary>An operation's answer as a tool outcome: its value as JSON, or its refusal in words.</summary>
    protected static ToolOutcome From<T>(OperationResult<T> result, Func<T, object?>? shape = null) => result.Status switch
    {
        OperationStatus.Ok or OperationStatus.Created => ToolOutcome.Ok(JsonSerializer.SerializeToNode(shape is null ? result.Value : shape(result.Value!), ToolJson.Options)),
        OperationStatus.NotFound => ToolOutcome.NotFound(result.Title ?? "not found, or not visible to you"),
        OperationStatus.Forbidden or OperationStatus.Unauthorized => new ToolOutcome(ToolCallStatus.Refused, Error: result.Title ?? "your role does not allow this"),
        _ => ToolOutcome.Invalid(Describe(result)),
    };

    private static string Describe<T>(OperationResult<T> result)
    {
        var parts = new List<string>();
        if (result.Title is { } title) parts.Add(title);
        if (result.Detail is { } detail) parts.Add(detail);
        if (result.Errors is { } errors) parts.AddRange(errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}"));
        return parts.Count > 0 ? string.Join(" ", parts) : result.Status.ToString();
    }
}

/// <summary>How tools read arguments and write results: camelCase, enums as strings, numbers read from strings too (models write "42").</summary>
public static class ToolJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        MaxDepth = 32,
    };
}
