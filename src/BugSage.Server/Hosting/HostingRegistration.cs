using BugSage.Server.ApiDocs;
using BugSage.Server.Ingestion;
using BugSage.Server.Observability;

namespace BugSage.Server.Hosting;

/// <summary>Problem details, OpenAPI, health checks, telemetry and the start-up banner.</summary>
public static class HostingRegistration
{
    public static WebApplicationBuilder AddBugSageHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<UnhandledExceptionHandler>();
        builder.Services.AddApiDocs();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<InboxHealthCheck>("queue", tags: ["ready"])
            .AddCheck<WorkersHealthCheck>("workers", tags: ["ready"]);
        builder.Services.AddHostedService<StartupBanner>();
        builder.AddBugSageTelemetry();
        builder.AddSelfReporting();
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapApiDocs();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapMetrics();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        return app;
    }
}
