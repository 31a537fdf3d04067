using System.ComponentModel.DataAnnotations;
using BugSage.Core.AgentTasks;

namespace BugSage.Server.AgentTasks;

/// <summary>Where the task's routes are, for the REST adapter that maps them and the documents and activity that link to them.</summary>
public static class AgentTaskRoutes
{
    public const string Schema = "/api/v1/schemas/task.json";
    public static string Task(long issueId) => $"/api/v1/issues/{issueId}/task";
    public static string Updates(long issueId) => $"/api/v1/issues/{issueId}/task/updates";
    public static string Update(long issueId, long updateId) => $"/api/v1/issues/{issueId}/task/updates/{updateId}";
}

/// <summary>
/// An agent's report: <c>status</c> is one of <see cref="AgentTaskStatus.All"/>; <c>diff</c> only with <c>patch_proposed</c>, at most
/// <see cref="AgentTaskLimits.MaxDiffBytes"/> characters here and as many UTF-8 bytes when the operation measures it (413 past that).
/// </summary>
public sealed record AgentTaskReport(
    [MaxLength(32)] string? Status,
    [MaxLength(AgentTaskLimits.MaxMessage)] string? Message,
    [MaxLength(AgentTaskLimits.MaxDiffBytes)] string? Diff,
    [MaxLength(AgentTaskLimits.MaxAgentName)] string? Agent,
    [MaxLength(AgentTaskLimits.MaxExternalUrl)] string? ExternalUrl);

/// <summary>A report as listed; <see cref="Diff"/> only when one report is read by its id, the list says whether there is one.</summary>
/// <param name="FixSessionId">The fix session validating the proposed patch in the sandbox; null when the project links no repository.</param>
/// <param name="Validation">For a proposed patch: whether BugSage validates it, and why not when it cannot; null for other reports.</param>
public sealed record AgentTaskUpdateDto(long Id, long IssueId, string Status, string? Message, string? Agent, string? ExternalUrl, bool HasDiff, string? DiffUrl,
    long? FixSessionId, string ReportedBy, DateTime CreatedAt, PatchValidation? Validation, string? Diff = null)
{
    public static AgentTaskUpdateDto From(AgentTaskUpdate u, bool withDiff = false) =>
        new(u.Id, u.IssueId, u.Status, u.Message, u.AgentName, u.ExternalUrl, u.Diff is not null, u.Diff is null ? null : AgentTaskRoutes.Update(u.IssueId, u.Id),
            u.FixSessionId, u.ReportedBy, u.CreatedAt, u.Diff is null ? null : PatchValidation.Of(u.FixSessionId), withDiff ? u.Diff : null);
}

/// <summary>
/// What became of a proposed patch: <c>queued</c> when a fix session validates it in the sandbox (its result is that
/// session's), <c>not_possible</c> with the reason when BugSage has nothing to validate it against. The patch is kept either way.
/// </summary>
public sealed record PatchValidation(string Status, string? Reason, long? FixSessionId, string? FixSessionUrl)
{
    public const string Queued = "queued";
    public const string NotPossible = "not_possible";

    /// <summary>
    /// The one way a patch is kept without a session: the project linked no repository when it was proposed (a busy
    /// or rate-limited sandbox refuses the report instead, so the agent proposes it again later).
    /// </summary>
    public const string NoRepository = "the project links no repository, so there is no code to apply the patch to and no tests to run; " +
        "link one (POST /api/v1/projects/{projectId}/repositories) and propose the patch again to have it validated";

    public static PatchValidation Of(long? fixSessionId) => fixSessionId is { } id
        ? new(Queued, null, id, $"/api/v1/fix-sessions/{id}")
        : new(NotPossible, NoRepository, null, null);
}
