using System.Threading.RateLimiting;
using BugSage.Core.Cluster;
using BugSage.Server.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace BugSage.Server.Auth;

/// <summary>Options for the per-IP limit on sign-in style endpoints.</summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "BugSage:Auth:SignInRateLimit";

    /// <summary>Attempts per client IP address per minute on login, refresh, logout and invitation acceptance.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int PerMinute { get; set; } = 20;
}

/// <summary>Registers the per-IP fixed window limit for sign-in endpoints, answered with 429 and Retry-After.</summary>
public static class SignInRateLimits
{
    /// <summary>The rate-limit policy of every way to sign in: the API's, the dashboard's, accepting an invitation.</summary>
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services)
    {
        services.AddOptions<SignInRateLimitOptions>().BindConfiguration(SignInRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                if (context.HttpContext.Request.HasFormContentType)
                {
                    // The dashboard's sign-in form: back to the page, with the reason.
                    context.HttpContext.Response.Redirect(DashboardAuth.LoginPath + "?error=busy");
                    return;
                }
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many attempts", Detail = "Wait a minute before trying again." },
                });
            };
            o.AddPolicy(Policy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInRateLimitOptions>>().Value.PerMinute;
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                // In cluster mode one count for every node, so a guesser gains nothing by spreading attempts over them.
                // The clock is read here, not in the factory, which the rate limiter keeps as long as the budget (it must not keep the request).
                if (http.RequestServices.GetService<ISharedCounters>() is { } counters)
                {
                    var clock = http.RequestServices.GetRequiredService<TimeProvider>();
                    return RateLimitPartition.Get(address, ip => new CallerBudget(perMinute, TimeSpan.FromMinutes(1), clock, shared: new SharedWindow(counters, "sign-in:" + ip)));
                }
                return RateLimitPartition.GetFixedWindowLimiter(address,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }
}
