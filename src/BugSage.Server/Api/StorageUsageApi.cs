using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Retention;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="StorageUsageOperations"/>: what an organization stores, per project.</summary>
public static class StorageUsageApi
{
    public static IEndpointRouteBuilder MapStorageUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/organizations/{orgId:long}/storage", Get).WithTags("Organizations")
            .WithName("GetStorageUsage").WithSummary("Events, attachments and approximate bytes stored per project, with each project's retention");
        return app;
    }

    private static async Task<OperationAnswer<StorageUsageDto>> Get(long orgId, AccessScope actor, StorageUsageOperations usage, CancellationToken ct) =>
        (await usage.GetAsync(actor, orgId, ct)).ToHttp();
}
