using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using BugSage.Core.Assistant;
using BugSage.Core.Assistant.Offline;

namespace BugSage.Server.Assistant.Conversations;

public sealed record NewConversation(long? OrganizationId = null, long? ProjectId = null, long? IssueId = null, [property: MaxLength(200)] string? Title = null);

/// <summary>A question, and optionally the project or issue the person is looking at now.</summary>
public sealed record NewMessage([property: Required, MaxLength(OfflinePlanner.MaxQuestionLength)] string Content, long? ProjectId = null, long? IssueId = null);

public sealed record ConfirmationInput(bool Approve);

public sealed record ConversationDto(long Id, long OrganizationId, long? ProjectId, long? IssueId, string Title, int MessageCount,
    long InputTokens, long OutputTokens, decimal Cost, DateTime CreatedAt, DateTime LastActivityAt, DateTime ExpiresAt)
{
    public static ConversationDto From(Conversation c, TimeSpan idle) =>
        new(c.Id, c.OrganizationId, c.ProjectId, c.IssueId, c.Title, c.MessageCount, c.InputTokens, c.OutputTokens, c.Cost, c.CreatedAt, c.LastActivityAt, c.LastActivityAt + idle);
}

public sealed record MessageDto(long Id, string Role, string Content, string? Tool, JsonNode? Arguments, JsonNode? Result, string? ToolStatus,
    string? Engine, int InputTokens, int OutputTokens, decimal Cost, DateTime CreatedAt)
{
    public static MessageDto From(ConversationMessage m) =>
        new(m.Id, m.Role, m.Content, m.ToolName, Parse(m.ToolArguments), Parse(m.ToolResult), m.ToolStatus, m.Engine, m.InputTokens, m.OutputTokens, m.Cost, m.CreatedAt);

    private static JsonNode? Parse(string? json)
    {
        if (json is null) return null;
        try { return JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException) { return JsonValue.Create(json); }
    }
}

/// <summary>A conversation with its turns, oldest first, and what was folded into its summary.</summary>
public sealed record ConversationDetail(ConversationDto Conversation, string? Summary, IReadOnlyList<MessageDto> Messages);

/// <summary>What one question produced: the turns it added (tool calls and the answer) and the usage.</summary>
public sealed record TurnResult(long ConversationId, IReadOnlyList<MessageDto> Messages, string Engine, int InputTokens, int OutputTokens, decimal Cost);
