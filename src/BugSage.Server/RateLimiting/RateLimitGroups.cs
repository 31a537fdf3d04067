using Microsoft.AspNetCore.RateLimiting;

namespace BugSage.Server.RateLimiting;

/// <summary>
/// The rate-limit policies of the API surfaces, one per endpoint group, each with its own budget per caller
/// under <c>BugSage:RateLimits:{Group}</c>. The Sentry protocol endpoints take none of them: SDKs understand only
/// the protocol's own answers (429 with <c>X-Sentry-Rate-Limits</c>), which the per-key limits give.
/// </summary>
public static class RateLimitGroups
{
    public const string Section = "BugSage:RateLimits";

    /// <summary>The REST API under <c>/api/v1</c>.</summary>
    public const string Api = "api";

    /// <summary>The assistant's conversations: each question can cost a model call, so the budget is tighter.</summary>
    public const string Assistant = "assistant";

    /// <summary>The MCP server at <c>/mcp</c>.</summary>
    public const string Mcp = "mcp";

    /// <summary>GraphQL at <c>/graphql</c>, for the endpoint that serves it.</summary>
    public const string GraphQL = "graphql";

    /// <summary>Each group with its configuration name and default budget per minute.</summary>
    public static readonly IReadOnlyList<(string Policy, string ConfigName, int PerMinute)> All =
    [
        (Api, "Api", 600),
        (Assistant, "Assistant", 30),
        (Mcp, "Mcp", 300),
        (GraphQL, "GraphQL", 300),
    ];

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        foreach (var (policy, configName, perMinute) in All)
            services.AddOptions<RateLimitGroupOptions>(policy)
                .Configure(o => o.PermitLimit = perMinute)
                .BindConfiguration($"{Section}:{configName}")
                .ValidateDataAnnotations()
                .ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            foreach (var (policy, _, _) in All) o.AddPolicy(policy, new CallerBudgetPolicy(policy));
        });
        return services;
    }
}
