using System.Linq.Expressions;
using System.Text.Json;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using BugSage.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Alerts.Delivery;

/// <summary>
/// Sends the outbox. Each delivery is claimed by one node under a lease; a failed send is recorded
/// and the delivery goes back to the queue for its next time (<see cref="RetrySchedule"/>) until
/// it succeeds, fails for good (an answer that waiting will not change) or reaches its give-up
/// time. A target that fails <see cref="AlertOptions.PauseAfterFailures"/> times in a row is paused,
/// and its deliveries are skipped until someone resumes it and redelivers them.
/// </summary>
public sealed class DeliveryWorker(
    WorkerServices services,
    IOptions<AlertOptions> options,
    Mail.MailSender mail,
    ILogger<DeliveryWorker> logger) : QueuedWorker<AlertDelivery>(services, logger, "alert-delivery")
{
    protected override DbSet<AlertDelivery> Queue(AppDbContext db) => db.AlertDeliveries;

    protected override Expression<Func<AlertDelivery, bool>> IsDue(DateTime now) => d => d.NextAttemptAt <= now;

    /// <summary>
    /// Claims add up over a delivery's retries, so they cannot bound it; its give-up time does, and
    /// a delivery whose node keeps dying mid-send is retried until then like any other failure.
    /// </summary>
    protected override int MaxClaims => int.MaxValue;

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<AppDbContext>();
        var delivery = await db.AlertDeliveries.Include(d => d.Firing).FirstAsync(d => d.Id == id, ct);
        var now = Clock.GetUtcNow().UtcDateTime;
        var integration = delivery.IntegrationId is { } integrationId ? await db.AlertIntegrations.FirstOrDefaultAsync(i => i.Id == integrationId, ct) : null;
        if (now >= delivery.GiveUpAt)
        {
            Finish(delivery, LeasedWorkStatus.Failed, $"Given up: not delivered within {options.Value.GiveUpAfterHours} h" + (delivery.Error is { } last ? $" (last: {last})" : ""), now);
        }
        else if (delivery.IntegrationId is not null && integration is null)
        {
            Finish(delivery, LeasedWorkStatus.Failed, "The integration was deleted.", now);
        }
        else if (integration is { Paused: true })
        {
            Finish(delivery, DeliveryStatus.Skipped, $"The target is paused: {integration.PausedReason}", now);
        }
        else if (delivery.DigestUntil is { } window && await db.AlertDeliveries.AnyAsync(d => d.Id < delivery.Id && d.RuleId == delivery.RuleId
                     && d.DigestUntil == window && d.IntegrationId == delivery.IntegrationId && d.Recipient == delivery.Recipient, ct))
        {
            // Two nodes' digests opened the window at the same moment: the first delivery gathers every firing of it.
            Finish(delivery, DeliveryStatus.Skipped, "Another delivery sends this window's digest to the same target.", now);
        }
        else
        {
            var notification = delivery.DigestUntil is { } until
                ? await DigestAsync(db, delivery, until, ct)
                : JsonSerializer.Deserialize<Notification>(delivery.Firing!.Payload, JsonSerializerOptions.Web)!;
            var started = Clock.GetTimestamp();
            var outcome = await SendAsync(provider, delivery, integration, notification, now, ct);
            var duration = (int)Clock.GetElapsedTime(started).TotalMilliseconds;
            await RecordAsync(db, delivery, integration, outcome, now, duration, ct);
            return;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A digest delivery's message: the firings of its rule written for its window. Each firing
    /// names its window when it is written, so a rule edited mid-window (digest off, or other
    /// minutes) sends its later firings elsewhere and never twice; firings do not change once
    /// written, so every retry sends the same list.
    /// </summary>
    private static async Task<Notification> DigestAsync(AppDbContext db, AlertDelivery delivery, DateTime until, CancellationToken ct)
    {
        var payloads = await db.AlertFirings.AsNoTracking()
            .Where(f => f.RuleId == delivery.RuleId && f.DigestUntil == until)
            .OrderBy(f => f.FiredAt).ThenBy(f => f.Id).Select(f => f.Payload).ToListAsync(ct);
        var fired = payloads.Select(p => JsonSerializer.Deserialize<Notification>(p, JsonSerializerOptions.Web)!).ToList();
        var entries = fired.Select(n => new DigestEntry(n.Trigger, n.Reason, n.FiredAt, n.Issue?.ShortId, n.Issue?.Title, n.Issue?.Url)).ToList();
        var opening = fired[0];
        var reason = $"{entries.Count} alert{(entries.Count == 1 ? "" : "s")} of “{opening.Rule?.Name}” from {opening.FiredAt:HH:mm} to {until:HH:mm} UTC";
        return new Notification(AlertTriggers.Digest, reason.Truncate(500), until, opening.Project, null, null, opening.Rule, null, entries);
    }

    private static async Task<SendOutcome> SendAsync(IServiceProvider provider, AlertDelivery delivery, AlertIntegration? integration, Notification notification, DateTime now, CancellationToken ct)
    {
        if (delivery.Kind == IntegrationKinds.Email)
        {
            var recipients = delivery.Recipient is { } one ? [one] : (integration?.Recipients ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return await provider.GetRequiredService<EmailTargetSender>().SendAsync(recipients, notification, ct);
        }
        var secrets = provider.GetRequiredService<SecretProtector>();
        if (integration is { IsSlackBot: true })
            return secrets.Unprotect(integration.TokenProtected!) is { } token
                ? await provider.GetRequiredService<SlackApi>().PostMessageAsync(token, integration.SlackChannel!, ChatMessages.Slack(notification, interactive: true), ct)
                : new SendOutcome(false, null, "The bot token cannot be decrypted with this server's key; enter it again.", false);
        var url = integration?.UrlProtected is { } sealedUrl ? secrets.Unprotect(sealedUrl) : null;
        var secret = integration?.SecretProtected is { } sealedSecret ? secrets.Unprotect(sealedSecret) : null;
        if (url is null || (integration!.SecretProtected is not null && secret is null))
            return new SendOutcome(false, null, "The target's URL or secret cannot be decrypted with this server's key; enter it again.", false);
        var previous = integration.PreviousSecretProtected is { } sealedPrevious && integration.PreviousSecretExpiresAt > now ? secrets.Unprotect(sealedPrevious) : null;
        return await provider.GetRequiredService<HttpTargetSender>().SendAsync(delivery.Id, delivery.Kind, notification, url, secret, ct, previous);
    }

    /// <summary>Records the attempt, the delivery's next state and the target's failure streak in one transaction.</summary>
    private async Task RecordAsync(AppDbContext db, AlertDelivery delivery, AlertIntegration? integration, SendOutcome outcome, DateTime now, int durationMs, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        delivery.SendCount++;
        delivery.LastStatusCode = outcome.StatusCode;
        db.DeliveryAttempts.Add(new DeliveryAttempt
        {
            DeliveryId = delivery.Id, Number = delivery.SendCount, StartedAt = now, DurationMs = durationMs,
            Succeeded = outcome.Succeeded, StatusCode = outcome.StatusCode, Error = outcome.Error?.Truncate(1000),
        });
        if (outcome.Succeeded)
        {
            Finish(delivery, DeliveryStatus.Delivered, null, now);
            if (integration is not null)
                await db.AlertIntegrations.Where(i => i.Id == integration.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ConsecutiveFailures, 0), ct);
        }
        else
        {
            var delay = RetrySchedule.Delay(delivery.SendCount, outcome.RetryAfter, options.Value, Random.Shared);
            if (outcome.Retryable && now + delay < delivery.GiveUpAt)
            {
                delivery.Status = LeasedWorkStatus.Queued;
                delivery.NextAttemptAt = now + delay;
                delivery.Error = outcome.Error;
                delivery.LeaseOwner = null;
                delivery.LeaseExpiresAt = null;
            }
            else
            {
                Finish(delivery, LeasedWorkStatus.Failed, outcome.Retryable
                    ? $"Given up after {delivery.SendCount} attempts: the next would fall past {options.Value.GiveUpAfterHours} h (last: {outcome.Error})"
                    : outcome.Error, now);
            }
            if (integration is not null) await CountFailureAsync(db, integration.Id, now, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Counted in SQL, so that two nodes failing to the same target at once both count.</summary>
    private async Task CountFailureAsync(AppDbContext db, long integrationId, DateTime now, CancellationToken ct)
    {
        await db.AlertIntegrations.Where(i => i.Id == integrationId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ConsecutiveFailures, i => i.ConsecutiveFailures + 1), ct);
        var limit = options.Value.PauseAfterFailures;
        var reason = $"{limit} failed attempts in a row";
        if (await db.AlertIntegrations.Where(i => i.Id == integrationId && !i.Paused && i.ConsecutiveFailures >= limit)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Paused, true).SetProperty(i => i.PausedReason, reason).SetProperty(i => i.PausedAt, now), ct) != 1) return;
        Logger.LogWarning("Alert integration {Integration} paused after {Failures} failed attempts in a row", integrationId, limit);
        // The organization's audit log says so, where its admins look, and the owners of the rules that use it are mailed.
        var target = await db.AlertIntegrations.AsNoTracking().Where(i => i.Id == integrationId)
            .Join(db.Projects, i => i.ProjectId, p => p.Id, (i, p) => new { i.OrganizationId, Target = p.Slug + "/" + i.Name, Project = p }).FirstAsync(ct);
        db.AuditEntries.Add(new Accounts.AuditEntry
        {
            OrganizationId = target.OrganizationId, Actor = "system", Action = "integration.paused", Target = target.Target.Truncate(500),
            Details = JsonSerializer.Serialize(new { reason }, JsonSerializerOptions.Web), CreatedAt = now,
        });
        await TellOwnersAsync(db, integrationId, target.Project, $"{target.Target} was paused after {reason}; its deliveries are skipped until an admin resumes it", now, ct);
    }

    /// <summary>
    /// Mails the people who made the rules that send to a paused target (through the outbox, in the
    /// transaction that paused it). Rules made by the system (the defaults), or whose makers left,
    /// have the organization's owners and admins told instead.
    /// </summary>
    private async Task TellOwnersAsync(AppDbContext db, long integrationId, Projects.Project project, string reason, DateTime now, CancellationToken ct)
    {
        // Without a mail server the audit entry is all there is; a notice that can only fail would be noise in the delivery log.
        if (!mail.IsConfigured) return;
        var rules = await db.AlertRules.AsNoTracking().Where(r => r.ProjectId == project.Id).Select(r => new { r.CreatedBy, r.Actions }).ToListAsync(ct);
        var makers = rules.Where(r => (JsonSerializer.Deserialize<List<AlertAction>>(r.Actions, JsonSerializerOptions.Web) ?? []).Any(a => a.IntegrationId == integrationId))
            .Select(r => r.CreatedBy).Distinct().ToList();
        var members = db.Memberships.Where(m => m.OrganizationId == project.OrganizationId).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Email, m.Role });
        var owners = await members.Where(m => makers.Contains(m.Email)).Select(m => m.Email).Distinct().ToListAsync(ct);
        if (owners.Count == 0)
            owners = await members.Where(m => m.Role == Accounts.Roles.Owner || m.Role == Accounts.Roles.Admin).Select(m => m.Email).Distinct().ToListAsync(ct);
        var firing = new AlertFiring
        {
            ProjectId = project.Id, Trigger = AlertTriggers.TargetPaused, Reason = reason.Truncate(500), FiredAt = now,
            Payload = JsonSerializer.Serialize(new Notification(AlertTriggers.TargetPaused, reason.Truncate(500), now,
                new NotifiedProject(project.Id, project.Slug, project.Name), null, null, null), JsonSerializerOptions.Web),
        };
        db.AlertFirings.Add(firing);
        foreach (var email in owners.Order(StringComparer.Ordinal))
            db.AlertDeliveries.Add(new AlertDelivery
            {
                Firing = firing, ProjectId = project.Id, Kind = IntegrationKinds.Email, Recipient = email, Status = LeasedWorkStatus.Queued,
                CreatedAt = now, NextAttemptAt = now, GiveUpAt = now.AddHours(options.Value.GiveUpAfterHours),
            });
    }

    private static void Finish(AlertDelivery delivery, string status, string? error, DateTime now)
    {
        delivery.Status = status;
        delivery.Error = error?.Truncate(2000);
        delivery.FinishedAt = now;
        delivery.LeaseOwner = null;
        delivery.LeaseExpiresAt = null;
    }
}
