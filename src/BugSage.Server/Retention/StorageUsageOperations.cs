using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Retention;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Retention;

/// <summary>
/// How much an organization stores, per project, so that retention can be set from what it costs.
/// Bytes are approximate: the stored (compressed) event payloads and attachment sizes, without
/// indexes, issues or the database's own overhead. Members of the organization read it.
/// </summary>
public sealed class StorageUsageOperations(AppDbContext db, ProjectAccess access, IOptions<RetentionOptions> retention)
{
    public async Task<OperationResult<StorageUsageDto>> GetAsync(AccessScope actor, long organizationId, CancellationToken ct)
    {
        var allowed = await access.OrganizationAsync(actor, organizationId, Permission.ProjectRead, ct);
        if (!allowed.Succeeded) return allowed.As<StorageUsageDto>();
        var projects = await db.Projects.AsNoTracking().Where(p => p.OrganizationId == organizationId).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Slug, p.Name, p.EventRetentionDays }).ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var events = await db.Events.AsNoTracking().Where(e => ids.Contains(e.ProjectId)).GroupBy(e => e.ProjectId)
            .Select(g => new { ProjectId = g.Key, Count = g.LongCount(), Bytes = g.Sum(e => (long)e.Payload.Length) }).ToDictionaryAsync(x => x.ProjectId, ct);
        var attachments = await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.ProjectId)).GroupBy(a => a.ProjectId)
            .Select(g => new { ProjectId = g.Key, Count = g.LongCount(), Bytes = g.Sum(a => a.Size) }).ToDictionaryAsync(x => x.ProjectId, ct);
        var rows = projects.Select(p =>
        {
            var e = events.GetValueOrDefault(p.Id);
            var a = attachments.GetValueOrDefault(p.Id);
            return new ProjectStorageDto(p.Id, p.Slug, p.Name, retention.Value.DaysFor(p.EventRetentionDays), e?.Count ?? 0, e?.Bytes ?? 0, a?.Count ?? 0, a?.Bytes ?? 0);
        }).ToList();
        long eventBytes = rows.Sum(r => r.EventBytes), attachmentBytes = rows.Sum(r => r.AttachmentBytes);
        return Operation.Ok(new StorageUsageDto(organizationId, rows.Sum(r => r.Events), eventBytes, rows.Sum(r => r.Attachments), attachmentBytes,
            eventBytes + attachmentBytes, rows));
    }
}
