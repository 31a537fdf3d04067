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
        var link = await db.ExternalIssues.FirstOrDefaultAsync(l => l.IntegrationId == integration.Id && l.ExternalKey == key, ct);
        if (link is null) return await NotedAsync(change, new { ignored = $"{key} is not linked to a BugSage issue" }, ct);

        link.State = ExternalIssueState.Of(closed);
        link.LastSyncedAt = now;
        var issue = await db.Issues.FirstAsync(i => i.Id == link.IssueId, ct);
        var label = integration.Kind == IntegrationKinds.GitHub ? $"GitHub ({integration.Name} #{key} {(closed ? "closed" : "reopened")})" : $"Jira ({integration.Name} {key} {(closed ? "done" : "reopened")})";
        var actor = new Actor(null, label.Truncate(320));
        var status = closed && issue.Status != IssueStatus.Resolved ? IssueStatus.Resolved
            : !closed && issue.Status == IssueStatus.Resolved ? IssueStatus.Unresolved
            : null;
        try
        {
            if (status is null) await db.SaveChangesAsync(ct);
            else await triage.ApplyAsync([issue], new Core.Issues.IssueUpdate { Status = status }, actor, ct);
        }
        catch (DbUpdateException)
        {
            // A twin of this delivery was saved first: nothing of this one is kept.
            return Duplicate(change);
        }
        return Operation.Ok<object>(new { issueId = issue.Id, status = issue.Status, link = link.Id, state = link.State });
    }

    private async Task<OperationResult<object>> NotedAsync(TrackerChange change, object body, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Duplicate(change);
        }
        return Operation.Ok(body);
    }

    private static OperationResult<object> Duplicate(TrackerChange change) => Operation.Ok<object>(new { duplicate = change.DeliveryId });
}
