using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Organizations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="AuditOperations"/>: the organization's audit log.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/organizations/{orgId:long}/audit", List).WithTags("Organizations")
            .WithName("ListAudit").WithSummary("Security-relevant actions (admins only)");
        return app;
    }

    private static async Task<OperationAnswer<Page<AuditDto>>> List(long orgId, int? limit, string? cursor, AccessScope actor, AuditOperations audit, CancellationToken ct) =>
        (await audit.ListAsync(actor, orgId, limit, cursor, ct)).ToHttp();
}
