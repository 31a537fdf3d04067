using System.Text.Json.Nodes;

namespace BugSage.Server.Assistant.Conversations;

/// <summary>
/// One step of an answer as it happens, streamed as a server-sent event and on the hub group
/// <c>conversation:{id}</c>: <c>message</c> (the question as stored), <c>delta</c> (text),
/// <c>tool_call</c>, <c>tool_result</c>, <c>confirmation</c> (a change waiting for the person),
/// <c>done</c> (the answer with usage and cost) and <c>error</c>.
/// </summary>
public sealed record AssistantEvent(string Type, JsonObject Data)
{
    public const string Message = "message";
    public const string Delta = "delta";
    public const string ToolCall = "tool_call";
    public const string ToolResult = "tool_result";
    public const string Confirmation = "confirmation";
    public const string Done = "done";
    public const string Error = "error";
}

/// <summary>Fans a conversation's events out to whoever listens besides the request that asked (the hub).</summary>
public sealed class ConversationFeed(ILogger<ConversationFeed> log)
{
    private readonly Lock sync = new();
    private Func<long, AssistantEvent, Task>[] listeners = [];

    public void Subscribe(Func<long, AssistantEvent, Task> listener)
    {
        lock (sync) listeners = [.. listeners, listener];
    }

    public async Task PublishAsync(long conversationId, AssistantEvent evt)
    {
        foreach (var listener in Volatile.Read(ref listeners))
        {
            // A listener that fails (a dropped hub connection) must not break the answer being written.
            try { await listener(conversationId, evt); }
            catch (Exception e) { log.LogWarning(e, "A conversation listener failed on {Event}", evt.Type); }
        }
    }
}
