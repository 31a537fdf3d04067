using BugSage.Server.Assistant.Conversations;
using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Assistant;

/// <summary>
/// REST adapter for <see cref="ConversationOperations"/>. A question's answer streams as server-sent
/// events when the client accepts <c>text/event-stream</c>, and comes back whole as JSON otherwise.
/// The handlers (<see cref="ConversationHttp"/>) are shared with the dashboard's assistant panel, which reaches them behind its cookie instead.
/// </summary>
public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        // Each question can cost a model call: the assistant has a tighter budget than the rest of the API.
        var group = app.MapGroup("/api/v1/assistant/conversations").WithTags("Assistant").RequireRateLimiting(RateLimiting.RateLimitGroups.Assistant);
        group.MapPost("/", ConversationHttp.Create).WithName("CreateConversation").WithSummary("Start a conversation with the assistant, optionally about a project or an issue");
        group.MapGet("/", ConversationHttp.List).WithName("ListConversations").WithSummary("Your conversations, most recently active first");
        group.MapGet("/{conversationId:long}", ConversationHttp.Get).WithName("GetConversation").WithSummary("A conversation with its questions, tool calls and answers");
        group.MapDelete("/{conversationId:long}", ConversationHttp.Delete).WithName("DeleteConversation").WithSummary("Delete a conversation");
        group.MapPost("/{conversationId:long}/messages", ConversationHttp.Ask).WithName("AskAssistant")
            .WithSummary("Ask a question; the answer streams as server-sent events (Accept: text/event-stream) and on the hub group conversation:{id}");
        group.MapPost("/{conversationId:long}/confirmations/{messageId:long}", ConversationHttp.Confirm).WithName("ConfirmAssistantAction")
            .WithSummary("Approve or decline a change the assistant proposed");
        return group;
    }
}
