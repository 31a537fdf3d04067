using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Alerts;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.IssueTrackers;
using BugSage.Server.Auth;
using BugSage.Server.Issues;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.IssueTrackers;

/// <summary>
/// An issue's links to tracker issues (GitHub, Jira). Readers of the project list them; members who
/// may triage create a tracker issue from the BugSage issue, link one that exists, or unlink one.
/// One link per issue and tracker integration: creating again answers the link there is.
/// </summary>
public sealed class ExternalIssueOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, IssueTrackerClients trackers, IssueDraftBuilder drafts,
    AuditLog audit, TimeProvider clock)
{
    private const string NoTriage = "Your role does not allow triage";

    public async Task<OperationResult<List<ExternalIssueDto>>> ListAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<List<ExternalIssueDto>>();
        return Operation.Ok(await LinksAsync(issueId, ct));
    }

    /// <summary>The links and the project's trackers, for the issue page.</summary>
    public async Task<OperationResult<ExternalIssuesView>> ViewAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (found.Value is not { } f) return found.As<ExternalIssuesView>();
        var integrations = await db.AlertIntegrations.AsNoTracking()
            .Where(i => i.ProjectId == f.Issue.ProjectId && (i.Kind == IntegrationKinds.GitHub || i.Kind == IntegrationKinds.Jira)).OrderBy(i => i.Id).ToListAsync(ct);
        var choices = integrations.Select(i => new TrackerChoice(i.Id, i.Kind, i.Name, Where(i))).ToList();
        return Operation.Ok(new ExternalIssuesView(await LinksAsync(issueId, ct), choices, await access.CanAsync(actor, f.OrganizationId, Permission.IssueWrite, ct)));
    }

    /// <summary>
    /// Creates the tracker issue (no key) or links the one named by the key. Answers Created for a
    /// new link, Ok with the existing one when the issue is already linked through that tracker.
    /// </summary>
    public async Task<OperationResult<ExternalIssueDto>> CreateAsync(AccessScope actor, long issueId, ExternalIssueInput input, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<ExternalIssueDto>(problems);
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, NoTriage);
        if (found.Value is not { } f) return found.As<ExternalIssueDto>();
        if (input.IntegrationId is not { } integrationId) return Operation.Invalid<ExternalIssueDto>("integrationId", "required");
        var integration = await db.AlertIntegrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == integrationId && i.ProjectId == f.Issue.ProjectId, ct);
        if (integration is null || !IntegrationKinds.IsTracker(integration.Kind))
            return Operation.Invalid<ExternalIssueDto>("integrationId", "a GitHub or Jira integration of this issue's project");
        var key = input.Key?.Trim().TrimStart('#');
        if (key is { Length: 0 }) return Operation.Invalid<ExternalIssueDto>("key", "a GitHub issue number or a Jira issue key");

        var existing = await db.ExternalIssues.AsNoTracking().FirstOrDefaultAsync(l => l.IssueId == issueId && l.IntegrationId == integrationId, ct);
        if (existing is not null)
        {
            if (key is null || string.Equals(existing.ExternalKey, key, StringComparison.OrdinalIgnoreCase)) return Operation.Ok(ExternalIssueDto.From(existing));
            return Operation.Conflict<ExternalIssueDto>($"This issue is already linked to {existing.ExternalKey} through {integration.Name}; unlink it first.");
        }

        TrackedIssue tracked;
        try
        {
            var tracker = trackers.For(integration);
            tracked = key is null
                ? await tracker.CreateAsync(await drafts.BuildAsync(f.Issue, f.ProjectSlug, ct), ct)
                : await tracker.GetAsync(key, ct);
        }
        catch (TrackerException e) when (e.NotFound && key is not null)
        {
            return Operation.Invalid<ExternalIssueDto>("key", $"{key}: no such issue in {integration.Name}");
        }
        catch (TrackerException e)
        {
            return Operation.Refused<ExternalIssueDto>(OperationStatus.Unprocessable, $"{integration.Name} did not take the request: {e.Message}");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var link = new ExternalIssue
        {
            IssueId = issueId, ProjectId = f.Issue.ProjectId, IntegrationId = integrationId, Provider = integration.Kind,
            ExternalKey = tracked.Key.Truncate(100), Url = tracked.Url.Truncate(1000), Title = tracked.Title.Truncate(500),
            State = ExternalIssueState.Of(tracked.Closed), LastSyncedAt = now, CreatedAt = now, CreatedBy = actor.Label.Truncate(320),
        };
        db.ExternalIssues.Add(link);
        db.IssueActivities.Add(IssueActivity.Of(issueId, key is null ? "external_issue_created" : "external_issue_linked", actor.ForActivity(), now,
            new { provider = link.Provider, key = link.ExternalKey, url = link.Url }));
        audit.Record(key is null ? "external_issue.created" : "external_issue.linked", f.OrganizationId,
            target: $"{IssueDto.FormatShortId(f.ProjectSlug, f.Issue.ShortNumber)} → {integration.Name} {link.ExternalKey}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A twin request linked first; its link is the answer.
            db.ChangeTracker.Clear();
            var twin = await db.ExternalIssues.AsNoTracking().FirstOrDefaultAsync(l => l.IssueId == issueId && l.IntegrationId == integrationId, ct);
            if (twin is null) throw;
            return Operation.Ok(ExternalIssueDto.From(twin));
        }
        return Operation.Created(ExternalIssueDto.From(link));
    }

    /// <summary>Removes the link; the tracker issue stays as it is.</summary>
    public async Task<OperationResult<bool>> UnlinkAsync(AccessScope actor, long issueId, long linkId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, NoTriage);
        if (found.Value is not { } f) return found.As<bool>();
        var link = await db.ExternalIssues.FirstOrDefaultAsync(l => l.Id == linkId && l.IssueId == issueId, ct);
        if (link is null) return Operation.NotFound<bool>();
        db.ExternalIssues.Remove(link);
        db.IssueActivities.Add(IssueActivity.Of(issueId, "external_issue_unlinked", actor.ForActivity(), clock.GetUtcNow().UtcDateTime,
            new { provider = link.Provider, key = link.ExternalKey }));
        audit.Record("external_issue.unlinked", f.OrganizationId, target: $"{IssueDto.FormatShortId(f.ProjectSlug, f.Issue.ShortNumber)} → {link.Provider} {link.ExternalKey}");
        await db.SaveChangesAsync(ct);
        return Operation.Ok(true);
    }

    private Task<List<ExternalIssueDto>> LinksAsync(long issueId, CancellationToken ct) =>
        db.ExternalIssues.AsNoTracking().Where(l => l.IssueId == issueId).OrderBy(l => l.Id).Select(l => ExternalIssueDto.From(l)).ToListAsync(ct);

    private static string Where(AlertIntegration i)
    {
        var settings = TrackerSettings.Of(i);
        return i.Kind == IntegrationKinds.GitHub ? settings.Repository ?? "" : $"{settings.ProjectKey} on {i.UrlHost}";
    }
}
