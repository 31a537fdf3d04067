using BugSage.Core.Events;
using BugSage.Core.Issues;

namespace BugSage.Core.Processing.Digest;

/// <summary>Everything one digest transaction writes, gathered before it is written.</summary>
internal sealed class DigestBatch
{
    public List<PreparedEvent> Events { get; } = [];
    public List<EventAttachment> Attachments { get; } = [];
    public List<UserReport> UserReports { get; } = [];

    /// <summary>Release health read from session items, by project.</summary>
    public List<(long ProjectId, SessionCount Count)> Sessions { get; } = [];

    /// <summary>Records set aside because preparing them failed in a way no documented drop covers.</summary>
    public List<Quarantine.QuarantinedEnvelope> Quarantined { get; } = [];
    public Dictionary<(long ProjectId, string Outcome, string Category, string Reason), long> Outcomes { get; } = [];
    public List<Issue> NewIssues { get; } = [];
    public List<Issue> RegressedIssues { get; } = [];

    /// <summary>Adds what another (parallel) collector gathered.</summary>
    public void Merge(DigestBatch other)
    {
        Events.AddRange(other.Events);
        Attachments.AddRange(other.Attachments);
        UserReports.AddRange(other.UserReports);
        Sessions.AddRange(other.Sessions);
        Quarantined.AddRange(other.Quarantined);
        foreach (var (key, quantity) in other.Outcomes) Outcomes[key] = Outcomes.GetValueOrDefault(key) + quantity;
    }

    /// <summary>Drops what belongs to projects deleted since the batch was prepared.</summary>
    public void KeepOnly(IReadOnlyCollection<long> projectIds)
    {
        Events.RemoveAll(e => !projectIds.Contains(e.ProjectId));
        Attachments.RemoveAll(a => !projectIds.Contains(a.ProjectId));
        UserReports.RemoveAll(r => !projectIds.Contains(r.ProjectId));
        Sessions.RemoveAll(s => !projectIds.Contains(s.ProjectId));
        Quarantined.RemoveAll(q => !projectIds.Contains(q.ProjectId));
        foreach (var key in Outcomes.Keys.Where(k => !projectIds.Contains(k.ProjectId)).ToList()) Outcomes.Remove(key);
    }

    public void Count(long projectId, string outcome, string category, string reason, long quantity = 1)
    {
        var key = (projectId, outcome, category.Truncate(64), reason.Truncate(128));
        Outcomes[key] = Outcomes.GetValueOrDefault(key) + quantity;
    }
}
