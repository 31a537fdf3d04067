namespace BugSage.Server.Ingestion;

/// <summary>The Sentry ingestion endpoints, open to browser SDKs through CORS.</summary>
public static class IngestionApi
{
    public const string CorsPolicy = "sentry-sdk";

    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IngestHandler>();
        builder.Services.AddSingleton<IngestMemoryBudget>();
        builder.Services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .WithMethods("POST", "OPTIONS")
            .WithExposedHeaders("X-Sentry-Error", "X-Sentry-Rate-Limits", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return builder;
    }

    public static WebApplication MapIngestionApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/{projectId:long}")
            .RequireCors(CorsPolicy)
            .AllowAnonymous()
            .WithTags("Ingestion")
            .DisableAntiforgery();
        group.MapPost("/envelope/", Envelope).WithName("IngestEnvelope").WithSummary("Accept a Sentry envelope");
        group.MapPost("/store/", Store).WithName("IngestStore").WithSummary("Accept a legacy Sentry JSON event");
        return app;
    }

    private static Task<IResult> Envelope(long projectId, HttpContext context, IngestHandler handler) =>
        handler.HandleAsync(context, projectId, legacyStore: false);

    private static Task<IResult> Store(long projectId, HttpContext context, IngestHandler handler) =>
        handler.HandleAsync(context, projectId, legacyStore: true);
}
