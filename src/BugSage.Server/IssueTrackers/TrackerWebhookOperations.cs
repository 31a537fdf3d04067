using BugSage.Core;
using System.Security.Cryptography;
using System.Text;
using BugSage.Core.Alerts;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.IssueTrackers;
using BugSage.Core.Security;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BugSage.Server.IssueTrackers;

/// <summary>What a tracker's webhook delivery says about one of its issues; <see cref="Closed"/> null when it changes nothing BugSage follows.</summary>
public sealed record TrackerChange(string DeliveryId, string? Key, bool? Closed, string? Ignored = null);

/// <summary>
/// Tracker webhooks (GitHub <c>issues</c>, Jira <c>jira:issue_updated</c>), each signed with its
/// integration's secret: a tracker issue closed resolves the linked BugSage issue, reopened
/// unresolves it, as a person's triage would, with the integration as the actor. The link's state
/// is set first, so the status change does not queue the same close back to the tracker.
/// </summary>
public sealed class TrackerWebhookOperations(AppDbContext db, SecretProtector secrets, IssueTriage triage, TimeProvider clock)
{
    /// <summary>The integration when <paramref name="signature"/> (<c>sha256=</c> and the hex HMAC) signs <paramref name="body"/> with its secret.</summary>
    public async Task<OperationResult<AlertIntegration>> AuthenticateAsync(long integrationId, string kind, byte[] body, string signature, CancellationToken ct)
    {
        var integration = await db.AlertIntegrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == integrationId && i.Kind == kind, ct);
        // Unknown integration and integration without a secret look the same: nothing to learn here.
        if (integration?.SecretProtected is not { } sealedSecret || secrets.Unprotect(sealedSecret) is not { } secret) return Operation.NotFound<AlertIntegration>();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.Trim()))
            ? Operation.Ok(integration)
            : Operation.Refused<AlertIntegration>(OperationStatus.Unauthorized, "The signature does not match the integration's webhook secret");
    }

    /// <summary>Acts on an authenticated delivery once: a replay of its id answers what it is and changes nothing.</summary>
    public async Task<OperationResult<object>> ApplyAsync(AlertIntegration integration, TrackerChange change, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var forgotten = now - TrackerWebhookDelivery.Retention;
        await db.TrackerWebhookDeliveries.Where(d => d.ReceivedAt < forgotten).ExecuteDeleteAsync(ct);
        if (await db.TrackerWebhookDeliveries.AnyAsync(d => d.IntegrationId == integration.Id && d.DeliveryId == change.DeliveryId, ct)) return Duplicate(change);
        // Recorded in the same save as what the delivery changes: one that failed half-way can be sent again.
        db.TrackerWebhookDeliveries.Add(new TrackerWebhookDelivery { IntegrationId = integration.Id, DeliveryId = change.DeliveryId, ReceivedAt = now });

        if (change.Key is not { } key || change.Closed is not { } closed) return await NotedAsync(change, new { ignored = change.Ignored ?? "nothing BugSage follows" }, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await LinkedIssueAsync(integration.Id, key, ct) is not var (link, issue))
            return await NotedAsync(change, new { ignored = $"{key} is not linked to a BugSage issue" }, ct, tx);

        link.State = ExternalIssueState.Of(closed);
        link.LastSyncedAt = now;
        var label = integration.Kind == IntegrationKinds.GitHub ? $"GitHub ({integration.Name} #{key} {(closed ? "closed" : "reopened")})" : $"Jira ({integration.Name} {key} {(closed ? "done" : "reopened")})";
        var actor = new Actor(null, label.Truncate(320));
        var status = closed && issue.Status != IssueStatus.Resolved ? IssueStatus.Resolved
            : !closed && issue.Status == IssueStatus.Resolved ? IssueStatus.Unresolved
            : null;
        try
        {
            if (status is null) await db.SaveChangesAsync(ct);
            else await triage.ApplyAsync([issue], new Core.Issues.IssueUpdate { Status = status }, actor, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A twin of this delivery was saved first: nothing of this one is kept.
            return Duplicate(change);
        }
        return Operation.Ok<object>(new { issueId = issue.Id, status = issue.Status, link = link.Id, state = link.State });
    }

    /// <summary>
    /// The link and its issue, the issue's row taken (<see cref="IssueLocks"/>). A merge may move the link to its target,
    /// and take the issue away, while this waits for the row: the link is then read again and its new issue taken, so the
    /// close lands on the issue the link now belongs to, not on one that is gone. Null when the key is linked to nothing.
    /// </summary>
    private async Task<(ExternalIssue Link, Issue Issue)?> LinkedIssueAsync(long integrationId, string key, CancellationToken ct)
    {
        for (var round = 0; round < 3; round++)
        {
            var link = await db.ExternalIssues.AsNoTracking().FirstOrDefaultAsync(l => l.IntegrationId == integrationId && l.ExternalKey == key, ct);
            if (link is null) return null;
            var taken = await IssueLocks.ReadForChangeAsync(db, [link.IssueId], ct);
            // Read again once the row is held: only then can no merge move the link any more.
            var now = await db.ExternalIssues.AsNoTracking().FirstOrDefaultAsync(l => l.Id == link.Id, ct);
            if (now is null) return null;
            if (taken.Count == 1 && now.IssueId == link.IssueId)
            {
                db.Attach(now);
                db.Attach(taken[0]);
                return (now, taken[0]);
            }
        }
        throw new InvalidOperationException($"The issue linked to {key} kept moving while its row was taken");
    }

    private async Task<OperationResult<object>> NotedAsync(TrackerChange change, object body, CancellationToken ct, IDbContextTransaction? tx = null)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            if (tx is not null) await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Duplicate(change);
        }
        return Operation.Ok(body);
    }

    private static OperationResult<object> Duplicate(TrackerChange change) => Operation.Ok<object>(new { duplicate = change.DeliveryId });
}
