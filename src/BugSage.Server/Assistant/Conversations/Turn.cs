using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core;
using BugSage.Core.Assistant;
using BugSage.Core.Data;
using BugSage.Server.Assistant.Tools;

namespace BugSage.Server.Assistant.Conversations;

/// <summary>
/// One question being answered: each turn it adds is saved as it happens (a tool call before it
/// runs, its result after) and told to the asker's stream and the conversation's hub group.
/// </summary>
public sealed class Turn(AppDbContext db, Conversation conversation, Func<AssistantEvent, Task> emit, ConversationFeed feed, TimeProvider clock)
{
    private const int MaxStoredResult = 100_000;

    /// <summary>The column's size: arguments are kept whole or not at all, since a confirmation parses them back.</summary>
    private const int MaxStoredArguments = 10_000;

    public Conversation Conversation => conversation;
    public List<ConversationMessage> Added { get; } = [];

    public async Task EmitAsync(AssistantEvent evt)
    {
        await emit(evt);
        await feed.PublishAsync(conversation.Id, evt);
    }

    public async Task<ConversationMessage> AddAsync(ConversationMessage message, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        message.ConversationId = conversation.Id;
        message.CreatedAt = now;
        db.ConversationMessages.Add(message);
        conversation.MessageCount++;
        conversation.LastActivityAt = now;
        await db.SaveChangesAsync(ct);
        Added.Add(message);
        return message;
    }

    public Task DeltaAsync(string text) => EmitAsync(new AssistantEvent(AssistantEvent.Delta, new JsonObject { ["text"] = text }));

    /// <summary>
    /// One tool call of the answer: recorded before it runs (so a crash mid-call leaves a trace of what
    /// was asked), run through the registry as the person (a change only proposed), its result recorded.
    /// Arguments too long to keep whole are refused rather than cut: a confirmation runs what was kept.
    /// </summary>
    public async Task<ToolOutcome> CallAsync(ToolRegistry registry, ToolContext context, string tool, JsonObject arguments, string? callId, string engine, CancellationToken ct)
    {
        var json = arguments.ToJsonString();
        var fits = json.Length <= MaxStoredArguments;
        var kept = fits ? arguments : new JsonObject { ["omitted"] = $"{json.Length:N0} characters of arguments, over the {MaxStoredArguments:N0} kept" };
        var message = await AddAsync(new ConversationMessage
        {
            Role = MessageRoles.Tool, ToolName = tool.Truncate(64), ToolArguments = kept.ToJsonString(), ToolCallId = callId?.Truncate(100), Engine = engine,
        }, ct);
        await EmitAsync(new AssistantEvent(AssistantEvent.ToolCall, new JsonObject
        {
            ["messageId"] = message.Id, ["tool"] = message.ToolName, ["arguments"] = kept.DeepClone(),
        }));
        var outcome = fits
            ? await registry.InvokeAsync(context, tool, arguments, confirmed: false, ct)
            : ToolOutcome.Invalid($"the arguments are over {MaxStoredArguments:N0} characters");
        await ToolResultAsync(message, outcome, ct);
        return outcome;
    }

    public async Task ToolResultAsync(ConversationMessage call, ToolOutcome outcome, CancellationToken ct)
    {
        call.ToolStatus = StatusOf(outcome.Status);
        call.ToolResult = outcome.ToJson().ToJsonString().Truncate(MaxStoredResult);
        conversation.LastActivityAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        var data = new JsonObject { ["messageId"] = call.Id, ["tool"] = call.ToolName, ["status"] = call.ToolStatus };
        if (outcome.Status == ToolCallStatus.NeedsConfirmation)
        {
            data["arguments"] = JsonNode.Parse(call.ToolArguments ?? "{}");
            data["confirmUrl"] = $"/api/v1/assistant/conversations/{conversation.Id}/confirmations/{call.Id}";
            await EmitAsync(new AssistantEvent(AssistantEvent.Confirmation, data));
            return;
        }
        data["result"] = outcome.ToJson();
        await EmitAsync(new AssistantEvent(AssistantEvent.ToolResult, data));
    }

    public static string StatusOf(ToolCallStatus status) => status switch
    {
        ToolCallStatus.Ok => ToolCallStates.Ok,
        ToolCallStatus.NeedsConfirmation => ToolCallStates.AwaitingConfirmation,
        _ => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString()),
    };
}
