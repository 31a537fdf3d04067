using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.SourceMaps.Reprocessing;
using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.SourceMaps;

/// <summary>
/// What a reprocess action did: events looked at, rewritten, moved to another issue, failed (the
/// first few named with why); the issue the events are in now (an issue action's, after a merge);
/// and, when older events were left for another run, the <c>before</c> to pass it.
/// </summary>
public sealed record ReprocessResult(int Examined, int Changed, int Moved, int Failed, bool More, long? NextBefore, long? IssueId, IReadOnlyList<string> Failures)
{
    public static ReprocessResult From(ReprocessOutcome outcome, long? issueId) =>
        new(outcome.Examined, outcome.Changed, outcome.Moved, outcome.Failed, outcome.NextBefore is not null, outcome.NextBefore, issueId, outcome.Failures);
}

/// <summary>
/// Maps stored events again with the source maps uploaded since they arrived: an issue's events
/// (for members who may triage it) or a release's events of a project (for members who may write
/// releases), the newest <see cref="ReprocessLimits.EventsPerRun"/> a call. Outside the caller's
/// organizations both answer not found.
/// </summary>
public sealed class ReprocessOperations(AppDbContext db, ProjectAccess access, EventReprocessor reprocessor, AuditLog audit)
{
    private const string NoTriage = "Your role does not allow triage";
    private const string NoReleases = "Your role does not allow changing releases";

    public async Task<OperationResult<ReprocessResult>> IssueAsync(AccessScope actor, long issueId, long? before, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, NoTriage);
        if (found.Value is not { } f) return found.As<ReprocessResult>();
        var outcome = await reprocessor.RunAsync(new ReprocessSelection(f.Issue.ProjectId, IssueId: issueId, BeforeId: before), actor.ForActivity(), ct);
        await AuditAsync(f.OrganizationId, $"issue {f.Issue.Id}", outcome, ct);
        return Operation.Ok(ReprocessResult.From(outcome, outcome.IssueAfter(issueId)));
    }

    public async Task<OperationResult<ReprocessResult>> ReleaseAsync(AccessScope actor, long projectId, string version, long? before, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.ReleaseWrite, ct, NoReleases);
        if (project.Value is not { } p) return project.As<ReprocessResult>();
        if (string.IsNullOrWhiteSpace(version) || version.Length > 250) return Operation.Invalid<ReprocessResult>("version", "a release version of 1 to 250 characters");
        var outcome = await reprocessor.RunAsync(new ReprocessSelection(p.Id, Release: version, BeforeId: before), actor.ForActivity(), ct);
        await AuditAsync(p.OrganizationId, $"{p.Slug}@{version}", outcome, ct);
        return Operation.Ok(ReprocessResult.From(outcome, null));
    }

    private async Task AuditAsync(long organizationId, string target, ReprocessOutcome outcome, CancellationToken ct)
    {
        audit.Record("events.reprocessed", organizationId, target.Storable().Truncate(300), new { outcome.Examined, outcome.Changed, outcome.Moved, outcome.Failed });
        await db.SaveChangesAsync(ct);
    }
}
