using System.Globalization;
using System.Text;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Processing.Inbox;
using BugSage.Core.Processing.Quarantine;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Quarantine;

public sealed record QuarantinedEnvelopeDto(long Id, long ProjectId, string NodeId, string InboxPosition, string Reason, DateTime ReceivedAt, DateTime QuarantinedAt, int Size, string Preview);

public sealed record RetriedDto(long Id, string Requeued);

/// <summary>
/// Envelopes the digest could not process, set aside with their reason: organization admins read
/// them, send one through the digest again (after a fix, say), or delete it. Audited.
/// </summary>
public sealed class QuarantineOperations(AppDbContext db, ProjectAccess access, IEnvelopeQueue queue, AuditLog audit)
{
    /// <summary>How much of the envelope the list shows, as text.</summary>
    private const int PreviewBytes = 2000;

    public async Task<OperationResult<Page<QuarantinedEnvelopeDto>>> ListAsync(AccessScope actor, long projectId, int? limit, string? cursor, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.OrgAdmin, ct);
        if (!project.Succeeded) return project.As<Page<QuarantinedEnvelopeDto>>();
        var take = Cursor.Limit(limit);
        var rows = db.QuarantinedEnvelopes.AsNoTracking().Where(q => q.ProjectId == projectId);
        if (Cursor.TryDecode(cursor, out _, out var beforeId)) rows = rows.Where(q => q.Id < beforeId);
        var page = await rows.OrderByDescending(q => q.Id).Take(take + 1).ToListAsync(ct);
        return Operation.Ok(Cursor.ToPage(page, take, ToDto, q => Cursor.Encode(q.Id.ToString(CultureInfo.InvariantCulture), q.Id)));
    }

    public async Task<OperationResult<RetriedDto>> RetryAsync(AccessScope actor, long projectId, long quarantineId, CancellationToken ct)
    {
        var found = await access.ProjectAsync(actor, projectId, Permission.OrgAdmin, ct);
        if (found.Value is not { } project) return found.As<RetriedDto>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var quarantined = await db.QuarantinedEnvelopes.AsNoTracking().FirstOrDefaultAsync(q => q.Id == quarantineId && q.ProjectId == projectId, ct);
        // The delete claims the record: of racing retries one deletes it, the others find nothing.
        if (quarantined is null || await db.QuarantinedEnvelopes.Where(q => q.Id == quarantineId).ExecuteDeleteAsync(ct) == 0) return Operation.NotFound<RetriedDto>();
        // Durable in the inbox (or queue) before the delete commits: a crash in between digests it twice at worst, never loses it.
        string position;
        try
        {
            position = await queue.AppendAsync(projectId, quarantined.ReceivedAt, quarantined.Envelope);
        }
        // Over the queue's message size limit (RabbitMQ): it stays quarantined, the delete rolls back with the transaction.
        catch (Core.Ingestion.PayloadTooLargeException e)
        {
            return Operation.Refused<RetriedDto>(OperationStatus.TooLarge, "The envelope is too large for the queue", e.Message);
        }
        audit.Record("quarantine.retry", project.OrganizationId, target: $"quarantined envelope {quarantineId}", details: new { projectId, quarantined.Reason });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Operation.Ok(new RetriedDto(quarantineId, position));
    }

    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, long projectId, long quarantineId, CancellationToken ct)
    {
        var found = await access.ProjectAsync(actor, projectId, Permission.OrgAdmin, ct);
        if (found.Value is not { } project) return found.As<bool>();
        var reason = await db.QuarantinedEnvelopes.Where(q => q.Id == quarantineId && q.ProjectId == projectId).Select(q => q.Reason).FirstOrDefaultAsync(ct);
        if (reason is null || await db.QuarantinedEnvelopes.Where(q => q.Id == quarantineId && q.ProjectId == projectId).ExecuteDeleteAsync(ct) == 0) return Operation.NotFound<bool>();
        audit.Record("quarantine.delete", project.OrganizationId, target: $"quarantined envelope {quarantineId}", details: new { projectId, reason });
        await db.SaveChangesAsync(ct);
        return Operation.Ok(true);
    }

    private static QuarantinedEnvelopeDto ToDto(QuarantinedEnvelope q) => new(
        q.Id, q.ProjectId, q.NodeId, q.InboxPosition, q.Reason, q.ReceivedAt, q.QuarantinedAt, q.Envelope.Length,
        Encoding.UTF8.GetString(q.Envelope, 0, Math.Min(q.Envelope.Length, PreviewBytes)));
}
