using System.Globalization;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>The organization's audit log, newest first: its own actions and its members' account actions since they joined.</summary>
public static class AuditApi
{
    public sealed record AuditDto(long Id, DateTime CreatedAt, string Actor, long? ActorUserId, string Action, string? Target, string? IpAddress, string? Details);

    public static WebApplication MapAuditApi(this WebApplication app)
    {
        app.MapGet("/api/v1/organizations/{orgId:long}/audit", List).WithTags("Organizations")
            .WithName("ListAudit").WithSummary("Security-relevant actions (admins only)");
        return app;
    }

    private static async Task<Results<Ok<Page<AuditDto>>, NotFound, ForbidHttpResult>> List(
        long orgId, int? limit, string? cursor, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (!await scope.IsMemberAsync(orgId, ct)) return TypedResults.NotFound();
        if (!await scope.CanAsync(orgId, Permission.OrgAdmin, ct)) return TypedResults.Forbid();
        var take = Cursor.Limit(limit);
        // A member's account actions (sign-ins, tokens, password changes) from the day they joined, never before.
        var members = db.Memberships.Where(m => m.OrganizationId == orgId);
        var entries = db.AuditEntries.AsNoTracking()
            .Where(a => a.OrganizationId == orgId
                || (a.OrganizationId == null && members.Any(m => (long?)m.UserId == a.ActorUserId && m.CreatedAt <= a.CreatedAt)));
        if (Cursor.TryDecode(cursor, out _, out var beforeId)) entries = entries.Where(a => a.Id < beforeId);
        var rows = await entries.OrderByDescending(a => a.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Cursor.ToPage(rows, take,
            a => new AuditDto(a.Id, a.CreatedAt, a.Actor, a.ActorUserId, a.Action, a.Target, a.IpAddress, a.Details),
            a => Cursor.Encode(a.Id.ToString(CultureInfo.InvariantCulture), a.Id)));
    }
}
