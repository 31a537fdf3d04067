using BugSage.Core.Alerts.Firing;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Processing;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.FixSessions;

/// <summary>A pull_request delivery as GitHub names it: its id, the pull request's number, whether it was merged, the repository it is for.</summary>
public sealed record PullRequestDelivery(string DeliveryId, int Number, bool Merged, string? RepositoryFullName);

/// <summary>What a delivery did, for GitHub's log; <paramref name="OnlyNoted"/> when it concerned no BugSage fix (202).</summary>
public sealed record DeliveryOutcome(bool OnlyNoted, object Body);

/// <summary>
/// Merges of pull requests BugSage opened for a fix, as a linked repository's GitHub webhook
/// reports them: the fix session records the merge and its issue resolves in the next release, so
/// a regression after that release reopens it. No person acts here: a delivery is authenticated by
/// the repository's own webhook secret, counts only for the repository it names, and only once.
/// </summary>
public sealed class PullRequestMergeOperations(AppDbContext db, SecretProtector secrets, IssueTriage triage, AuditLog audit, LiveNotifier notifier, TimeProvider clock,
    WorkAlerts alerts, IssueLinks links)
{
    /// <summary>The linked repository when <paramref name="signature"/> (X-Hub-Signature-256) signs <paramref name="body"/> with its secret.</summary>
    public async Task<OperationResult<LinkedRepository>> AuthenticateAsync(long repositoryId, byte[] body, string signature, CancellationToken ct)
    {
        var repository = await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Id == repositoryId, ct);
        // Unknown repository and repository without a secret look the same: nothing to learn here.
        if (repository?.WebhookSecretProtected is not { } sealedSecret || secrets.Unprotect(sealedSecret) is not { } secret) return Operation.NotFound<LinkedRepository>();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? Operation.Ok(repository)
            : Operation.Refused<LinkedRepository>(OperationStatus.Unauthorized, "The signature does not match the repository's webhook secret");
    }

    /// <summary>Records a delivery for an authenticated repository: a merge of a BugSage fix resolves its issue; anything else is only noted.</summary>
    public async Task<OperationResult<DeliveryOutcome>> RecordAsync(LinkedRepository repository, PullRequestDelivery delivery, CancellationToken ct)
    {
        // Links may share a secret: a genuine delivery for one repository, replayed to another link, is not that link's.
        if (PullRequestOpener.GitHubSlug(repository, repository.Url) is not { } linked || !string.Equals(delivery.RepositoryFullName, linked, StringComparison.OrdinalIgnoreCase))
            return Operation.NotFound<DeliveryOutcome>("The delivery is for another repository", "Its repository.full_name is not the linked GitHub repository.");

        var deliveryId = delivery.DeliveryId;
        var now = clock.GetUtcNow().UtcDateTime;
        var forgotten = now - GitHubDelivery.Retention;
        await db.GitHubDeliveries.Where(d => d.ReceivedAt < forgotten).ExecuteDeleteAsync(ct);
        if (await db.GitHubDeliveries.AnyAsync(d => d.DeliveryId == deliveryId, ct)) return Duplicate(deliveryId);
        // Recorded in the same save as whatever the delivery changes: a delivery that failed half-way can be redelivered.
        db.GitHubDeliveries.Add(new GitHubDelivery { DeliveryId = deliveryId, RepositoryId = repository.Id, ReceivedAt = now });
        if (!delivery.Merged) return await NotedAsync(deliveryId, true, new { ignored = "not a merge" }, ct);

        var session = await db.FixSessions.FirstOrDefaultAsync(s => s.RepositoryId == repository.Id && s.PullRequestNumber == delivery.Number, ct);
        if (session is null) return await NotedAsync(deliveryId, true, new { ignored = "not a BugSage fix" }, ct);
        if (session.MergedAt is not null) return await NotedAsync(deliveryId, false, new { session = session.Id, issueId = session.IssueId, alreadyMerged = true }, ct);

        session.MergedAt = now;
        var issue = await db.Issues.FirstAsync(i => i.Id == session.IssueId, ct);
        var actor = new Actor(null, $"GitHub (pull request #{delivery.Number.ToString(CultureInfo.InvariantCulture)} merged)");
        if (issue.Status != IssueStatus.Resolved)
            await triage.ApplyAsync([issue], new IssueUpdate { Status = IssueStatus.Resolved, ResolveInNextRelease = true }, actor, ct);
        db.IssueActivities.Add(IssueActivity.Of(issue.Id, "fix_merged", actor, session.MergedAt.Value, new { session = session.Id, pullRequest = session.PullRequestUrl }));
        audit.Record("fix.merged", session.OrganizationId, target: $"fix-session/{session.Id}", details: new { number = delivery.Number, session.PullRequestUrl, deliveryId }, actor: actor.Label);
        await alerts.FireAsync(db, Core.Alerts.AlertTriggers.PullRequestMerged, issue.Id,
            new NotifiedWork("fix_session", session.Id, $"pull request #{delivery.Number.ToString(CultureInfo.InvariantCulture)} merged", links.FixSession(session.Id), session.PullRequestUrl), ct);
        if (!await SaveOnceAsync(deliveryId, ct)) return Duplicate(deliveryId);
        await notifier.PublishAsync(new LiveEvent("fix-session.updated", session.ProjectId, session.IssueId, null, "merged", session.Id));
        return Operation.Ok(new DeliveryOutcome(false, new { session = session.Id, issueId = issue.Id, resolvedInNextRelease = issue.ResolvedInNextRelease }));
    }

    private async Task<OperationResult<DeliveryOutcome>> NotedAsync(string deliveryId, bool onlyNoted, object body, CancellationToken ct) =>
        await SaveOnceAsync(deliveryId, ct) ? Operation.Ok(new DeliveryOutcome(onlyNoted, body)) : Duplicate(deliveryId);

    private static OperationResult<DeliveryOutcome> Duplicate(string deliveryId) => Operation.Ok(new DeliveryOutcome(false, new { duplicate = deliveryId }));

    /// <summary>Saves the delivery with its changes; false when a concurrent twin saved first (nothing of this one is kept).</summary>
    private async Task<bool> SaveOnceAsync(string deliveryId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.GitHubDeliveries.AnyAsync(d => d.DeliveryId == deliveryId, ct)) return false;
            throw;
        }
    }
}
