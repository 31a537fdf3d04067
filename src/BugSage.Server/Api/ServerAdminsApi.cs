using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>
/// The server admins: an instance-level role apart from organization roles. Server admins name
/// and remove others; every change is audited. To anyone else the list is forbidden and a
/// user's entry is not found, so ids are not confirmed to people who may not see them.
/// </summary>
public static class ServerAdminsApi
{
    public sealed record ServerAdminDto(long UserId, string Email, string Name);

    public static WebApplication MapServerAdminsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/server/admins").WithTags("Server");
        group.MapGet("/", List).WithName("ListServerAdmins").WithSummary("The server admins (server admins only)");
        group.MapPut("/{userId:long}", Grant).WithName("GrantServerAdmin").WithSummary("Make a user a server admin (server admins only, audited)");
        group.MapDelete("/{userId:long}", Revoke).WithName("RevokeServerAdmin").WithSummary("Take the server admin role from a user; the last one keeps it");
        return app;
    }

    private static async Task<Results<Ok<List<ServerAdminDto>>, ProblemHttpResult>> List(AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (!await scope.IsServerAdminAsync(ct)) return TypedResults.Problem(title: "Only server admins see the server admins", statusCode: StatusCodes.Status403Forbidden);
        var admins = await db.Users.AsNoTracking().Where(u => u.IsServerAdmin).OrderBy(u => u.Id).Select(u => new ServerAdminDto(u.Id, u.Email, u.Name)).ToListAsync(ct);
        return TypedResults.Ok(admins);
    }

    private static async Task<Results<Ok<ServerAdminDto>, NotFound>> Grant(long userId, AccessScope scope, AppDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!await scope.IsServerAdminAsync(ct)) return TypedResults.NotFound();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return TypedResults.NotFound();
        if (!user.IsServerAdmin)
        {
            user.IsServerAdmin = true;
            audit.Record("server_admin.granted", organizationId: null, target: user.Email);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(new ServerAdminDto(user.Id, user.Email, user.Name));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Revoke(long userId, AccessScope scope, AppDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!await scope.IsServerAdminAsync(ct)) return TypedResults.NotFound();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return TypedResults.NotFound();
        if (!user.IsServerAdmin) return TypedResults.NoContent();
        if (await db.Users.CountAsync(u => u.IsServerAdmin, ct) <= 1)
            return TypedResults.Problem(title: "The server keeps at least one server admin", statusCode: StatusCodes.Status409Conflict);
        user.IsServerAdmin = false;
        audit.Record("server_admin.revoked", organizationId: null, target: user.Email);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
