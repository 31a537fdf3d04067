using BugSage.Core.Accounts;
using BugSage.Core.Alerts;
using BugSage.Core.Alerts.Delivery;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Alerts;

/// <summary>
/// The delivery log of the caller's projects, and redelivery, which members who manage rules may
/// ask for: a delivery that ended (delivered, failed, skipped) goes back to the outbox with a new
/// give-up time, its earlier attempts kept.
/// </summary>
public sealed class DeliveryOperations(AppDbContext db, ProjectAccess access, AuditLog audit, TimeProvider clock, IOptions<Core.Configuration.AlertOptions> options, DeliveryWorker worker)
{
    /// <summary>Every state a delivery can be in, the only ones a filter may name.</summary>
    public static readonly string[] Statuses = [LeasedWorkStatus.Queued, LeasedWorkStatus.Running, DeliveryStatus.Delivered, LeasedWorkStatus.Failed, DeliveryStatus.Skipped];

    public async Task<OperationResult<Page<DeliveryDto>>> ListAsync(AccessScope actor, DeliveryFilter filter, CancellationToken ct)
    {
        // Checked before it reaches the database: PostgreSQL refuses some text (a NUL) outright.
        if (filter.Status is { } asked && !Statuses.Contains(asked)) return Operation.Invalid<Page<DeliveryDto>>("status", "one of " + string.Join(", ", Statuses));
        var projectIds = (await access.ReadableProjectsAsync(actor, ct)).Select(p => p.Id);
        var query = db.AlertDeliveries.AsNoTracking().Where(d => projectIds.Contains(d.ProjectId));
        if (filter.ProjectId is { } projectId) query = query.Where(d => d.ProjectId == projectId);
        if (filter.RuleId is { } ruleId) query = query.Where(d => d.RuleId == ruleId);
        if (filter.IntegrationId is { } integrationId) query = query.Where(d => d.IntegrationId == integrationId);
        if (filter.Status is { } status) query = query.Where(d => d.Status == status);
        if (filter.From is { } from) query = query.Where(d => d.CreatedAt >= from.ToUniversalTime());
        if (filter.To is { } to) query = query.Where(d => d.CreatedAt < to.ToUniversalTime());
        if (Cursor.TryDecode(filter.Cursor, out _, out var beforeId)) query = query.Where(d => d.Id < beforeId);
        var take = Cursor.Limit(filter.Limit);
        var rows = await query.OrderByDescending(d => d.Id).Take(take + 1).Join(db.AlertFirings, d => d.FiringId, f => f.Id, (d, f) => new { d, f }).ToListAsync(ct);
        rows = rows.OrderByDescending(r => r.d.Id).ToList();
        return Operation.Ok(Cursor.ToPage(rows, take, r => DeliveryDto.From(r.d, r.f), r => Cursor.Encode("", r.d.Id)));
    }

    public async Task<OperationResult<DeliveryDto>> GetAsync(AccessScope actor, long deliveryId, CancellationToken ct)
    {
        var (delivery, refusal) = await FindAsync(actor, deliveryId, Permission.ProjectRead, ct);
        if (delivery is null) return new(refusal);
        var attempts = await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ToListAsync(ct);
        return Operation.Ok(DeliveryDto.From(delivery, delivery.Firing!, attempts));
    }

    public async Task<OperationResult<DeliveryDto>> RedeliverAsync(AccessScope actor, long deliveryId, CancellationToken ct)
    {
        var (delivery, refusal) = await FindAsync(actor, deliveryId, Permission.IssueWrite, ct);
        if (delivery is null) return new(refusal);
        if (delivery.Status is LeasedWorkStatus.Queued or LeasedWorkStatus.Running)
            return Operation.Conflict<DeliveryDto>($"The delivery is {delivery.Status}: it is being sent already.");
        var now = clock.GetUtcNow().UtcDateTime;
        delivery.Status = LeasedWorkStatus.Queued;
        delivery.NextAttemptAt = now;
        delivery.GiveUpAt = now.AddHours(options.Value.GiveUpAfterHours);
        delivery.FinishedAt = null;
        var organizationId = await db.Projects.Where(p => p.Id == delivery.ProjectId).Select(p => p.OrganizationId).FirstAsync(ct);
        audit.Record("alert_delivery.redelivered", organizationId, target: $"delivery {delivery.Id}", details: new { delivery.Kind, delivery.IntegrationId, delivery.Recipient });
        await db.SaveChangesAsync(ct);
        worker.Wake();
        return Operation.Ok(DeliveryDto.From(delivery, delivery.Firing!));
    }

    /// <summary>A delivery of a project the actor reads; not found otherwise, forbidden without <paramref name="needed"/>.</summary>
    private async Task<(AlertDelivery? Delivery, OperationStatus Refusal)> FindAsync(AccessScope actor, long deliveryId, Permission needed, CancellationToken ct)
    {
        var delivery = await db.AlertDeliveries.Include(d => d.Firing).FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        var project = delivery is null ? null : await access.ReadableProjectAsync(actor, delivery.ProjectId, ct);
        if (delivery is null || project is null) return (null, OperationStatus.NotFound);
        if (!await access.CanAsync(actor, project.OrganizationId, needed, ct)) return (null, OperationStatus.Forbidden);
        return (delivery, OperationStatus.Ok);
    }
}
