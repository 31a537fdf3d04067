using System.Globalization;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Organizations;

public sealed record AuditDto(long Id, DateTime CreatedAt, string Actor, long? ActorUserId, string Action, string? Target, string? IpAddress, string? Details);

/// <summary>An organization's audit log, newest first, for its admins: its own actions and its members' account actions since they joined.</summary>
public sealed class AuditOperations(AppDbContext db, ProjectAccess access)
{
    public async Task<OperationResult<Page<AuditDto>>> ListAsync(AccessScope actor, long orgId, int? limit, string? cursor, CancellationToken ct)
    {
        var admin = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct);
        if (!admin.Succeeded) return admin.As<Page<AuditDto>>();
        var take = Cursor.Limit(limit);
        // A member's account actions (sign-ins, tokens, password changes) from the day they joined, never before.
        var members = db.Memberships.Where(m => m.OrganizationId == orgId);
        var entries = db.AuditEntries.AsNoTracking()
            .Where(a => a.OrganizationId == orgId
                || (a.OrganizationId == null && members.Any(m => (long?)m.UserId == a.ActorUserId && m.CreatedAt <= a.CreatedAt)));
        if (Cursor.TryDecode(cursor, out _, out var beforeId)) entries = entries.Where(a => a.Id < beforeId);
        var rows = await entries.OrderByDescending(a => a.Id).Take(take + 1).ToListAsync(ct);
        return Operation.Ok(Cursor.ToPage(rows, take,
            a => new AuditDto(a.Id, a.CreatedAt, a.Actor, a.ActorUserId, a.Action, a.Target, a.IpAddress, a.Details),
            a => Cursor.Encode(a.Id.ToString(CultureInfo.InvariantCulture), a.Id)));
    }
}
