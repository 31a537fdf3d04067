namespace BugSage.Core.Assistant;

/// <summary>
/// One person's conversation with the assistant, in one organization, about a project or an
/// issue when it was started from one. It expires after an idle time; its oldest turns are
/// folded into <see cref="Summary"/> when it grows past its cap.
/// </summary>
public sealed class Conversation
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public long UserId { get; set; }
    public long? ProjectId { get; set; }
    public long? IssueId { get; set; }
    public required string Title { get; set; }

    /// <summary>What the turns folded away said, one line per turn, oldest first.</summary>
    public string? Summary { get; set; }

    public int MessageCount { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public decimal Cost { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastActivityAt { get; set; }
}

/// <summary>
/// A turn of a conversation: the person's question, the assistant's answer, or one tool call
/// with its arguments, its result and how it ended (a change waits for confirmation here).
/// </summary>
public sealed class ConversationMessage
{
    public long Id { get; set; }
    public long ConversationId { get; set; }

    /// <summary><see cref="MessageRoles"/>.</summary>
    public required string Role { get; set; }

    public string Content { get; set; } = "";
    public string? ToolName { get; set; }
    public string? ToolArguments { get; set; }
    public string? ToolResult { get; set; }

    /// <summary><see cref="ToolCallStates"/>, for tool turns.</summary>
    public string? ToolStatus { get; set; }

    /// <summary>The model's id for the call, so its result answers the right call.</summary>
    public string? ToolCallId { get; set; }

    /// <summary>What answered: <c>offline</c> or the configured model's name.</summary>
    public string? Engine { get; set; }

    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public decimal Cost { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class MessageRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
}

public static class ToolCallStates
{
    public const string AwaitingConfirmation = "awaiting_confirmation";
    public const string Declined = "declined";

    /// <summary>Approved and running: no longer awaiting, so a second confirmation cannot run it again.</summary>
    public const string Confirmed = "confirmed";
    public const string Ok = "ok";

    /// <summary>The asker went away while the call ran: its result was never recorded.</summary>
    public const string Interrupted = "interrupted";
}

/// <summary>
/// One question asked, kept apart from the conversation it was asked in: the limits per person and
/// per organization count these, so deleting a conversation or folding its turns gives no questions back.
/// </summary>
public sealed class AskedQuestion
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public long UserId { get; set; }
    public DateTime AskedAt { get; set; }
}
