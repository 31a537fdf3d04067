namespace BugSage.Core.Alerts.Personal;

/// <summary>
/// One person's say over the mail BugSage sends them as a member (rules whose action is
/// <see cref="AlertAction.Members"/>, and the weekly summary). Integrations a team configured
/// (a channel, a webhook) are the team's, not the person's, and are not affected.
/// A user without a row has the defaults: every project, every kind, summary on.
/// </summary>
public sealed class NotificationSettings
{
    public long UserId { get; set; }

    /// <summary>Off: no member email at all (the weekly summary included).</summary>
    public bool Email { get; set; } = true;

    /// <summary>Project ids the person is not mailed about, comma-separated.</summary>
    public string MutedProjects { get; set; } = "";

    /// <summary>Triggers (<see cref="AlertTriggers"/>) the person is not mailed about, comma-separated.</summary>
    public string MutedTriggers { get; set; } = "";

    public bool WeeklySummary { get; set; } = true;
    public DateTime UpdatedAt { get; set; }

    public IReadOnlySet<long> MutedProjectIds() =>
        MutedProjects.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToHashSet();

    public IReadOnlySet<string> MutedTriggerNames() =>
        MutedTriggers.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a member email about <paramref name="trigger"/> in <paramref name="projectId"/> reaches this person.</summary>
    public bool Wants(long projectId, string trigger) =>
        Email && !MutedProjectIds().Contains(projectId) && !MutedTriggerNames().Contains(trigger);
}

/// <summary>One person's weekly summary for one week: written before it is sent, so each week is mailed once across nodes.</summary>
public sealed class WeeklySummary
{
    public long Id { get; set; }
    public long UserId { get; set; }

    /// <summary>The Monday (UTC) the summarised week starts.</summary>
    public DateTime WeekStart { get; set; }

    /// <summary>sending, sent, failed or skipped (nothing happened in the person's projects).</summary>
    public string Status { get; set; } = "sending";
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}
