using System.ComponentModel.DataAnnotations;

namespace BugSage.Server.Assistant.Conversations;

/// <summary>The assistant's limits (<c>BugSage:Assistant</c>).</summary>
public sealed class AssistantOptions
{
    public const string Section = "BugSage:Assistant";

    /// <summary>A conversation nobody wrote to for this long is deleted.</summary>
    [Range(1, 3650)] public int ConversationIdleDays { get; set; } = 30;

    /// <summary>Past this many turns, the oldest half is folded into the conversation's summary.</summary>
    [Range(10, 10_000)] public int MaxMessagesPerConversation { get; set; } = 200;

    [Range(1, 100_000)] public int MaxConversationsPerUser { get; set; } = 500;
    [Range(1, 10_000)] public int MessagesPerMinutePerUser { get; set; } = 20;
    [Range(1, 10_000_000)] public int MessagesPerDayPerOrganization { get; set; } = 5_000;
    [Range(1, 40_000)] public int MaxQuestionLength { get; set; } = 4_000;

    /// <summary>How many rounds of tool calls a model may make for one question before it is stopped.</summary>
    [Range(1, 50)] public int MaxToolSteps { get; set; } = 8;

    /// <summary>Tokens (in and out, every round together) one question may spend with a model.</summary>
    [Range(1_000, 10_000_000)] public int MaxTokensPerMessage { get; set; } = 60_000;

    /// <summary>Tokens (in and out) an organization's assistant may spend with models per UTC day; past it the offline assistant answers.</summary>
    [Range(1_000, long.MaxValue)] public long MaxTokensPerDayPerOrganization { get; set; } = 2_000_000;

    /// <summary>What an organization's assistant may spend on models per UTC day; 0 means no model use at all.</summary>
    [Range(0, 1_000_000)] public decimal MaxCostPerDayPerOrganization { get; set; } = 10m;
}
