using Scalar.AspNetCore;

namespace BugSage.Server.ApiDocs;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the API reference that reads it at <c>/docs</c>.</summary>
public static class ApiDocsRegistration
{
    public const string ReferencePath = "/docs";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer<ApiDocument>();
            o.AddOperationTransformer<ErrorResponses>();
            o.AddSchemaTransformer<DeclaredLimits>();
        });

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        // The reference page and its script come from the package itself: nothing is fetched from another
        // origin (no fonts, telemetry or AI chat), so it works offline and within the page's content policy.
        app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("BugSage API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .WithNonce())
            .AddEndpointFilter(async (context, next) =>
            {
                // Its page starts itself with an inline module script: allowed by this request's nonce alone. Its
                // components style themselves inline, which its policy allows for styles only.
                var http = context.HttpContext;
                http.Response.OnStarting(() =>
                {
                    if (http.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce)
                        http.Response.Headers.ContentSecurityPolicy = ReferencePolicy(nonce);
                    return Task.CompletedTask;
                });
                return await next(context);
            })
            .AllowAnonymous();
        return app;
    }

    /// <summary>The reference page's content policy: the dashboard's, with its own nonced scripts and inline styles.</summary>
    public static string ReferencePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}
