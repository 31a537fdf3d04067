namespace BugSage.Core.AgentTasks;

/// <summary>
/// The statuses an agent reports, and which may follow which. A task is claimed first; while claimed
/// the agent works, proposes patches and ends it (done or gave up); once ended, only a new claim reopens
/// it, so two agents never hold one task at once and an ended task is not silently continued.
/// </summary>
public static class AgentTaskStatus
{
    public const string Claimed = "claimed";
    public const string Working = "working";
    public const string PatchProposed = "patch_proposed";
    public const string Done = "done";
    public const string GaveUp = "gave_up";

    public static readonly string[] All = [Claimed, Working, PatchProposed, Done, GaveUp];

    /// <summary>Whether the task is held by an agent after a report of <paramref name="status"/>.</summary>
    public static bool IsActive(string? status) => status is Claimed or Working or PatchProposed;

    /// <summary>Why <paramref name="next"/> may not follow <paramref name="current"/> (null: no report yet); null when it may.</summary>
    public static string? Refusal(string? current, string next)
    {
        if (!All.Contains(next)) return $"status must be one of {string.Join(", ", All)}";
        if (next == Claimed)
            return IsActive(current) ? "the task is already claimed; the agent holding it reports done or gave_up before it can be claimed again" : null;
        return IsActive(current) ? null
            : current is null ? "claim the task first (status claimed)"
            : $"the task is {current}; claim it again (status claimed) to continue";
    }
}
