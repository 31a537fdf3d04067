using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.ServerAdmins;

public sealed record ServerAdminDto(long UserId, string Email, string Name);

/// <summary>
/// The server admins: an instance-level role apart from organization roles. Server admins name
/// and remove others; every change is audited. To anyone else the list is forbidden and a
/// user's entry is not found, so ids are not confirmed to people who may not see them.
/// </summary>
public sealed class ServerAdminOperations(AppDbContext db, ProjectAccess access, AuditLog audit)
{
    public async Task<OperationResult<List<ServerAdminDto>>> ListAsync(AccessScope actor, CancellationToken ct)
    {
        if (!await access.IsServerAdminAsync(actor, ct)) return Operation.Forbidden<List<ServerAdminDto>>("Only server admins see the server admins");
        return Operation.Ok(await db.Users.AsNoTracking().Where(u => u.IsServerAdmin).OrderBy(u => u.Id).Select(u => new ServerAdminDto(u.Id, u.Email, u.Name)).ToListAsync(ct));
    }

    public async Task<OperationResult<ServerAdminDto>> GrantAsync(AccessScope actor, long userId, CancellationToken ct)
    {
        if (!await access.IsServerAdminAsync(actor, ct)) return Operation.NotFound<ServerAdminDto>();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Operation.NotFound<ServerAdminDto>();
        if (!user.IsServerAdmin)
        {
            user.IsServerAdmin = true;
            audit.Record("server_admin.granted", organizationId: null, target: user.Email);
            await db.SaveChangesAsync(ct);
        }
        return Operation.Ok(new ServerAdminDto(user.Id, user.Email, user.Name));
    }

    /// <summary>Takes the role from a user; the last server admin keeps it.</summary>
    public async Task<OperationResult<bool>> RevokeAsync(AccessScope actor, long userId, CancellationToken ct)
    {
        if (!await access.IsServerAdminAsync(actor, ct)) return Operation.NotFound<bool>();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Operation.NotFound<bool>();
        if (!user.IsServerAdmin) return Operation.Ok(true);
        if (await db.Users.CountAsync(u => u.IsServerAdmin, ct) <= 1)
            return Operation.Refused<bool>(OperationStatus.Conflict, "The server keeps at least one server admin");
        user.IsServerAdmin = false;
        audit.Record("server_admin.revoked", organizationId: null, target: user.Email);
        await db.SaveChangesAsync(ct);
        return Operation.Ok(true);
    }
}
