using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace BugSage.Server.ApiDocs;

/// <summary>
/// Declares on each operation what the pipeline around its handler adds: the credentials it needs, and the
/// problem details answered before the handler runs (401, 403, 400 for bad input, 404 for ids, 429 past the budget).
/// </summary>
public sealed class ErrorResponses : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("Operations are transformed within a document.");
        ApiDocument.AddComponents(document);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var description = context.Description;
        operation.Responses ??= new OpenApiResponses();

        if (description.RelativePath is { } path && IsSentryProtocol(path))
        {
            Require(operation, document, ApiDocument.SentryKey);
        }
        else if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            Require(operation, document, ApiDocument.Bearer);
            Add(operation, document, "401", "No valid credentials: sign in or send an API token.");
            Add(operation, document, "403", "The credentials are valid but may not do this (role, or the API token's scopes).");
        }
        if (description.ParameterDescriptions.Count > 0 || operation.RequestBody is not null)
            Add(operation, document, "400", "The request is malformed or fails validation; `errors` lists each field's problems.");
        if (description.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
            Add(operation, document, "404", "No such resource, or one the caller cannot see.");
        if (metadata.OfType<EnableRateLimitingAttribute>().LastOrDefault() is not null)
        {
            Add(operation, document, "429", "The caller's request budget for this endpoint group is spent; wait `Retry-After` seconds.");
            ((OpenApiResponse)operation.Responses["429"]).Headers ??= new Dictionary<string, IOpenApiHeader>();
            ((OpenApiResponse)operation.Responses["429"]).Headers!.TryAdd("Retry-After", new OpenApiHeader
            {
                Description = "Seconds until the budget is whole again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            });
        }
        if (metadata.OfType<Hosting.ETaggedMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match",
                In = ParameterLocation.Header,
                Description = "The ETag of the answer you hold: while it is still current the answer is 304 without a body.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not modified: the answer you hold (its ETag in If-None-Match) is current." });
        }
        return Task.CompletedTask;
    }

    // The envelope and store endpoints answer SDKs in the Sentry protocol: authenticated by the DSN key, not a bearer token.
    private static bool IsSentryProtocol(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed.StartsWith("api/{projectId", StringComparison.Ordinal) && (trimmed.EndsWith("/envelope", StringComparison.Ordinal) || trimmed.EndsWith("/store", StringComparison.Ordinal));
    }

    private static void Require(OpenApiOperation operation, OpenApiDocument document, string scheme)
    {
        operation.Security ??= [];
        if (operation.Security.Count == 0)
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] });
    }

    private static void Add(OpenApiOperation operation, OpenApiDocument document, string status, string why)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = why,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ApiDocument.Problem, document) },
            },
        };
    }
}
