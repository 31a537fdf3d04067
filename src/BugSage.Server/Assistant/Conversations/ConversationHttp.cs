using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Assistant.Conversations;

/// <summary>
/// The conversations' HTTP handlers, shared by the REST API (bearer tokens) and the dashboard's
/// assistant panel (its cookie): the same answers and the same event stream, whichever way in.
/// </summary>
public static class ConversationHttp
{
    internal static async Task<IResult> Create(NewConversation input, AccessScope actor, ConversationOperations conversations, CancellationToken ct) =>
        (await conversations.CreateAsync(actor, input, ct)).ToHttp(c => $"/api/v1/assistant/conversations/{c.Id}");

    internal static async Task<OperationAnswer<Page<ConversationDto>>> List(int? limit, string? cursor, AccessScope actor, ConversationOperations conversations, CancellationToken ct) =>
        (await conversations.ListAsync(actor, limit, cursor, ct)).ToHttp();

    internal static async Task<OperationAnswer<ConversationDetail>> Get(long conversationId, AccessScope actor, ConversationOperations conversations, CancellationToken ct) =>
        (await conversations.GetAsync(actor, conversationId, ct)).ToHttp();

    internal static async Task<IResult> Delete(long conversationId, AccessScope actor, ConversationOperations conversations, CancellationToken ct) =>
        (await conversations.DeleteAsync(actor, conversationId, ct)).ToNoContent();

    internal static async Task<IResult> Ask(long conversationId, NewMessage input, HttpContext http, AccessScope actor, ConversationOperations conversations, CancellationToken ct)
    {
        var stream = new EventStream(http);
        var result = await conversations.AskAsync(actor, conversationId, input, stream.WriteAsync, ct);
        return stream.Started ? Results.Empty : Shape(result, http);
    }

    internal static async Task<IResult> Confirm(long conversationId, long messageId, ConfirmationInput input, HttpContext http, AccessScope actor,
        ConversationOperations conversations, CancellationToken ct)
    {
        var stream = new EventStream(http);
        var result = await conversations.ConfirmAsync(actor, conversationId, messageId, input.Approve, stream.WriteAsync, ct);
        return stream.Started ? Results.Empty : Shape(result, http);
    }

    private static IResult Shape<T>(OperationResult<T> result, HttpContext http)
    {
        // The limits count questions per minute: a client may retry once the minute has passed.
        if (result.Status == OperationStatus.TooManyRequests) http.Response.Headers.RetryAfter = "60";
        return result.ToHttp();
    }

    /// <summary>
    /// Writes events as they come when the client asked for a stream; otherwise drops them (the
    /// whole answer is the response). The stream starts with the first event, so a refusal before it is an ordinary status.
    /// </summary>
    private sealed class EventStream(HttpContext http)
    {
        private readonly bool wanted = http.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

        public bool Started { get; private set; }

        public async Task WriteAsync(AssistantEvent evt)
        {
            if (!wanted) return;
            if (!Started)
            {
                Started = true;
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "text/event-stream";
                http.Response.Headers.CacheControl = "no-cache";
                // Reverse proxies (nginx) buffer responses unless told not to, which would hold the whole answer back.
                http.Response.Headers["X-Accel-Buffering"] = "no";
            }
            await http.Response.WriteAsync($"event: {evt.Type}\ndata: {evt.Data.ToJsonString()}\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
        }
    }
}
