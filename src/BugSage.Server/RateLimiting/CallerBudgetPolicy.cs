using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using BugSage.Core.Cluster;
using BugSage.Core.Processing;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BugSage.Server.RateLimiting;

/// <summary>
/// The rate-limit policy of one endpoint group: a <see cref="CallerBudget"/> per API token, signed-in user or
/// client address, reported on every answer in the <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and
/// <c>RateLimit-Reset</c> headers, and answered past its end with 429 problem details and <c>Retry-After</c>.
/// </summary>
public sealed class CallerBudgetPolicy(string group) : IRateLimiterPolicy<string>
{
    // The budgets the rate limiter holds now, so each answer can report its own; a budget leaves when the limiter drops it.
    private readonly ConcurrentDictionary<string, CallerBudget> live = new();

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var caller = Caller(httpContext.User, httpContext.Connection.RemoteIpAddress);
        // The rate limiter asks again when the first attempt fails; the headers are promised once.
        if (httpContext.Features.Get<CallerBudgetFeature>() is null)
        {
            httpContext.Features.Set(new CallerBudgetFeature(group));
            httpContext.Response.OnStarting(() =>
            {
                if (live.TryGetValue(caller, out var budget)) WriteHeaders(httpContext.Response, budget);
                return Task.CompletedTask;
            });
        }
        // The services are read here and the factory is made in a method of its own: the rate limiter keeps the factory as
        // long as the caller's budget, and a closure that shared this method's variables would keep the request, and
        // through it the application's services, with it.
        var services = httpContext.RequestServices;
        return Partition(caller, services.GetRequiredService<IOptionsMonitor<RateLimitGroupOptions>>().Get(group), services.GetRequiredService<TimeProvider>(),
            services.GetService<ISharedCounters>());
    }

    private RateLimitPartition<string> Partition(string caller, RateLimitGroupOptions options, TimeProvider clock, ISharedCounters? counters) =>
        RateLimitPartition.Get(caller, key =>
        {
            // In cluster mode one count for every node; otherwise this node's.
            var shared = counters is null ? null : new SharedWindow(counters, $"api:{group}:{key}");
            var budget = new CallerBudget(options.PermitLimit, options.Window, clock,
                released => live.TryRemove(new KeyValuePair<string, CallerBudget>(key, released)), shared);
            live[key] = budget;
            return budget;
        });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, ct) =>
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Seconds(wait);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<BugSageMetrics>().RateLimited.Add(1, new KeyValuePair<string, object?>("group", group));
        var problem = new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"The {group} request budget is spent; try again in {seconds} seconds.",
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
            },
        };
        if (!await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problem))
            await http.Response.WriteAsync(problem.ProblemDetails.Detail, ct);
    };

    /// <summary>Whose budget a request spends: the API token's, else the signed-in user's, else the client address's.</summary>
    public static string Caller(ClaimsPrincipal user, System.Net.IPAddress? address)
    {
        if (user.FindFirst(ApiTokenValidator.TokenIdClaim)?.Value is { } tokenId) return "token:" + tokenId;
        if (AccessScope.SignedInUserId(user) is { } userId) return "user:" + userId.ToString(CultureInfo.InvariantCulture);
        return "ip:" + (address?.ToString() ?? "unknown");
    }

    private static void WriteHeaders(HttpResponse response, CallerBudget budget)
    {
        var (remaining, resetsIn) = budget.Now();
        response.Headers["RateLimit-Limit"] = budget.PermitLimit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = Seconds(resetsIn).ToString(CultureInfo.InvariantCulture);
    }

    // Whole seconds, rounded up: a client that waits this long finds the window over.
    private static long Seconds(TimeSpan span) => (long)Math.Ceiling(Math.Max(0, span.TotalSeconds));
}

/// <summary>Marks a request whose answer reports the budget of <paramref name="Group"/>.</summary>
public sealed record CallerBudgetFeature(string Group);
