using System.Text.Json.Nodes;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Analysis;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.IssueTrackers;

/// <summary>Writes the tracker issue for a BugSage issue: its facts, its latest event's innermost frames, its analysis, a link back.</summary>
public sealed class IssueDraftBuilder(AppDbContext db, IssueLinks links)
{
    public async Task<IssueDraft> BuildAsync(Issue issue, string projectSlug, CancellationToken ct)
    {
        var latest = await db.Events.AsNoTracking().Where(e => e.IssueId == issue.Id).OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id)
            .Select(e => e.Payload).FirstOrDefaultAsync(ct);
        var frames = latest is null ? [] : NotificationBuilder.Frames(EventJson.Decompress(latest));
        var analysis = await db.IssueAnalyses.AsNoTracking().Where(a => a.IssueId == issue.Id && a.Status == AnalysisStatus.Done && a.Result != null)
            .OrderByDescending(a => a.FinishedAt).Select(a => a.Result).FirstOrDefaultAsync(ct);
        return new IssueDraft(issue.Title.Truncate(500), ShortIds.Format(projectSlug, issue.ShortNumber), issue.Culprit?.Truncate(500), issue.Level,
            issue.Count, issue.UserCount, issue.FirstSeen, issue.LastSeen, frames, Summary(analysis), links.Issue(issue.Id));
    }

    /// <summary>The analysis's summary; its other parts (the fix, the evidence) stay in BugSage, where they are checked.</summary>
    private static string? Summary(string? result)
    {
        if (result is null) return null;
        try
        {
            return JsonNode.Parse(result)?["summary"]?.GetValue<string>()?.Truncate(4000);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
