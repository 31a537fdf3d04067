using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.OrganizationStats;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="OrganizationStatsOperations"/>: an organization at a glance.</summary>
public static class DashboardStatsApi
{
    public static IEndpointRouteBuilder MapDashboardStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dashboard/stats", Get).WithTags("Analysis")
            .WithName("GetDashboardStats").WithSummary("Models, analyses, issue and event totals of an organization (?organizationId=, default the caller's first)");
        return app;
    }

    private static async Task<OperationAnswer<StatsDto>> Get(long? organizationId, AccessScope actor, OrganizationStatsOperations stats, CancellationToken ct) =>
        (await stats.GetAsync(actor, organizationId, ct)).ToHttp();
}
