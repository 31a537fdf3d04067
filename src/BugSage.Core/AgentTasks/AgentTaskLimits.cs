namespace BugSage.Core.AgentTasks;

/// <summary>How much of a report BugSage keeps: an agent is an outside program, so every field it sends is bounded.</summary>
public static class AgentTaskLimits
{
    public const int MaxMessage = 10_000;
    public const int MaxAgentName = 100;
    public const int MaxExternalUrl = 2_000;

    /// <summary>The largest proposed patch, in UTF-8 bytes: a fix is small, and validation and review read all of it.</summary>
    public const int MaxDiffBytes = 256 * 1024;
}
