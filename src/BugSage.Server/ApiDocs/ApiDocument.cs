using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BugSage.Server.ApiDocs;

/// <summary>
/// The parts of the OpenAPI document every operation refers to: what BugSage is, how callers authenticate
/// (bearer tokens for the API, the DSN key for the Sentry protocol), and the problem details every error carries.
/// </summary>
public sealed class ApiDocument : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer";
    public const string SentryKey = "sentryKey";
    public const string Problem = "ProblemDetails";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "BugSage API",
            Version = "v1",
            Description = "Errors from any Sentry SDK grouped into issues, analysed and fixed. Authenticate with `Authorization: Bearer <token>`: " +
                "an access token from `POST /api/v1/auth/login` or a personal API token from `POST /api/v1/tokens`. Errors are RFC 9457 problem " +
                "details. Lists take `limit` (1–100) and `cursor`. Every API answer reports the caller's request budget in `RateLimit-Limit`, " +
                "`RateLimit-Remaining` and `RateLimit-Reset`; past it the answer is 429 with `Retry-After`.",
        };
        AddComponents(document);
        return Task.CompletedTask;
    }

    /// <summary>Adds the shared components once; operations refer to them while the document is still being built.</summary>
    public static void AddComponents(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An access token from signing in (`POST /api/v1/auth/login`, 15 minutes, renewed with the refresh token) or a personal API token (`POST /api/v1/tokens`) limited to its scopes.",
        });
        document.Components.SecuritySchemes.TryAdd(SentryKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Sentry-Auth",
            Description = "The project's DSN key as Sentry SDKs send it (`Sentry sentry_key=<public key>, sentry_version=7`); also accepted as `?sentry_key=` or in the envelope's `dsn` header.",
        });
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(Problem, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem: what went wrong, and a trace id to quote when reporting it.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind of problem." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "What happened in this request." },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, also in the server's logs." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Validation failures: each invalid field with every message about it.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
            Examples =
            [
                new JsonObject
                {
                    ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
                    ["title"] = "Not Found",
                    ["status"] = 404,
                    ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                },
            ],
        });
    }
}
