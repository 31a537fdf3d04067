using BugSage.Server.Analytics;
using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="AnalyticsOperations"/>: a project's or an organization's error picture over time.</summary>
public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/projects/{projectId:long}/analytics", Project).WithTags("Analytics")
            .WithName("GetProjectAnalytics")
            .WithSummary("Series, resolution times, issue ages, top issues, releases, autofix and AI usage (?from=&to=&interval=hour|day|week&environment=&release=; at most 400 days)");
        app.MapGet("/api/v1/organizations/{orgId:long}/analytics", Organization).WithTags("Analytics")
            .WithName("GetOrganizationAnalytics")
            .WithSummary("The same over every project of the organization the caller may read");
        return app;
    }

    private sealed record Query(DateTime? From, DateTime? To, string? Interval, string? Environment, string? Release);

    private static AnalyticsQuery Of(Query q) => new(q.From, q.To, q.Interval, q.Environment, q.Release);

    private static async Task<OperationAnswer<AnalyticsDto>> Project(long projectId, [AsParameters] Query q, AccessScope actor, AnalyticsOperations analytics, CancellationToken ct) =>
        (await analytics.ProjectAsync(actor, projectId, Of(q), ct)).ToHttp();

    private static async Task<OperationAnswer<AnalyticsDto>> Organization(long orgId, [AsParameters] Query q, AccessScope actor, AnalyticsOperations analytics, CancellationToken ct) =>
        (await analytics.OrganizationAsync(actor, orgId, Of(q), ct)).ToHttp();
}
