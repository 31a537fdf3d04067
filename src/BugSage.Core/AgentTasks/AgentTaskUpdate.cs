namespace BugSage.Core.AgentTasks;

/// <summary>
/// One report of a coding agent (or its orchestrator) on an issue's task: it claimed the task,
/// is working, proposes a patch, is done, or gave up. Kept as history; the newest is the task's state.
/// </summary>
public sealed class AgentTaskUpdate
{
    public long Id { get; set; }
    public long IssueId { get; set; }
    public long ProjectId { get; set; }

    /// <summary>
    /// The report's place in its issue's history, 1 for the first: unique per issue, so that of two agents
    /// reporting on the same state at once (both claiming a free task) only one is recorded.
    /// </summary>
    public int Sequence { get; set; }

    /// <summary>See <see cref="AgentTaskStatus"/>.</summary>
    public required string Status { get; set; }
    public string? Message { get; set; }

    /// <summary>The proposed patch, a unified diff relative to the repository root; only with <see cref="AgentTaskStatus.PatchProposed"/>.</summary>
    public string? Diff { get; set; }

    /// <summary>The agent's own name for itself, as it reported it.</summary>
    public string? AgentName { get; set; }

    /// <summary>The fix session that validates the proposed patch in the sandbox, when the project links a repository.</summary>
    public long? FixSessionId { get; set; }

    /// <summary>Where the agent's own record of the work is (its run, its pull request).</summary>
    public string? ExternalUrl { get; set; }

    /// <summary>The account that reported, and the API token it used (null when signed in with a password).</summary>
    public long UserId { get; set; }
    public long? TokenId { get; set; }

    /// <summary>Who reported, as people read it: the account's email.</summary>
    public required string ReportedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}
