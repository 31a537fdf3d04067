using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.ServerAdmins;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="ServerAdminOperations"/>: the instance's server admins.</summary>
public static class ServerAdminsApi
{
    public static IEndpointRouteBuilder MapServerAdminsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/server/admins").WithTags("Server");
        group.MapGet("/", List).WithName("ListServerAdmins").WithSummary("The server admins (server admins only)");
        group.MapPut("/{userId:long}", Grant).WithName("GrantServerAdmin").WithSummary("Make a user a server admin (server admins only, audited)");
        group.MapDelete("/{userId:long}", Revoke).WithName("RevokeServerAdmin").WithSummary("Take the server admin role from a user; the last one keeps it");
        return app;
    }

    private static async Task<OperationAnswer<List<ServerAdminDto>>> List(AccessScope actor, ServerAdminOperations admins, CancellationToken ct) =>
        (await admins.ListAsync(actor, ct)).ToHttp();

    private static async Task<IResult> Grant(long userId, AccessScope actor, ServerAdminOperations admins, CancellationToken ct) =>
        (await admins.GrantAsync(actor, userId, ct)).ToHttp();

    private static async Task<IResult> Revoke(long userId, AccessScope actor, ServerAdminOperations admins, CancellationToken ct) =>
        (await admins.RevokeAsync(actor, userId, ct)).ToNoContent();
}
