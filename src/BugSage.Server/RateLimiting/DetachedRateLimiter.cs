using System.Runtime.CompilerServices;

namespace BugSage.Server.RateLimiting;

/// <summary>
/// ASP.NET Core's rate-limiting middleware, added so that a stopped application can be collected. The middleware
/// starts a heartbeat timer for its endpoint limiter and never stops it (it is not disposable: dotnet/aspnetcore#66434,
/// #69061), so the process-wide timer queue keeps the limiter, the middleware and, through them, the rest of the request
/// pipeline and every service alive for the process's life. With one application per process that is its lifetime
/// anyway; a process that starts and stops many (the test suite starts hundreds) would keep every one of them. Here the
/// middleware reaches the rest of the pipeline through a reference dropped once the application has stopped, and it is
/// built without the caller's execution context, which the timer's loop would otherwise keep as well.
/// </summary>
internal static class DetachedRateLimiter
{
    public static IApplicationBuilder UseDetachedRateLimiter(this IApplicationBuilder app)
    {
        var lifetime = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>();
        return app.Use(next =>
        {
            var rest = new StrongBox<RequestDelegate?>(next);
            var branch = app.New();
            branch.UseRateLimiter();
            branch.Run(context => (rest.Value ?? Stopped)(context));
            RequestDelegate limited;
            using (ExecutionContext.SuppressFlow()) limited = branch.Build();
            lifetime.ApplicationStopped.Register(() => rest.Value = null);
            return limited;
        });
    }

    private static Task Stopped(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Task.CompletedTask;
    }
}
