using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Validation;
using Microsoft.Extensions.Options;

namespace BugSage.Server.GraphQL;

/// <summary>
/// GraphQL over HTTP at <c>/graphql</c>: POST <c>{query, variables, operationName}</c> as JSON, or GET with the same as
/// query parameters (queries only). Sizes are checked before the document is parsed; a document that does not parse or
/// validate (depth, complexity) answers 400 with GraphQL errors; one that runs answers 200 with its data and errors.
/// </summary>
public static class GraphQLEndpoint
{
    /// <summary>A GraphQL request once read and measured.</summary>
    private sealed record GraphRequest(string Query, string? OperationName, string? Variables);

    public static async Task<IResult> PostAsync(HttpContext http, IOptions<GraphQLLimits> limits, IDocumentExecuter<BugSageSchema> executer, IGraphQLTextSerializer serializer)
    {
        var max = limits.Value;
        if (!IsJson(http.Request.ContentType))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the request as application/json: {\"query\": ..., \"variables\": {...}}.");
        if (http.Request.ContentLength > max.MaxRequestBytes) return TooLarge($"The request body is over {max.MaxRequestBytes} bytes.");
        var body = await ReadAtMostAsync(http.Request.Body, max.MaxRequestBytes, http.RequestAborted);
        if (body is null) return TooLarge($"The request body is over {max.MaxRequestBytes} bytes.");
        GraphRequest request;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object) return BadRequest("The body must be a JSON object: {\"query\": ..., \"variables\": {...}}.");
            var root = json.RootElement;
            if (!root.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String || query.GetString() is not { Length: > 0 } text)
                return BadRequest("The body has no query.");
            var operation = root.TryGetProperty("operationName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            string? variables = null;
            if (root.TryGetProperty("variables", out var vars) && vars.ValueKind != JsonValueKind.Null)
            {
                if (vars.ValueKind != JsonValueKind.Object) return BadRequest("variables must be a JSON object.");
                variables = vars.GetRawText();
            }
            request = new GraphRequest(text, operation, variables);
        }
        catch (JsonException)
        {
            return BadRequest("The body is not valid JSON.");
        }
        return await ExecuteAsync(http, request, max, executer, serializer, queriesOnly: false);
    }

    public static async Task<IResult> GetAsync(HttpContext http, IOptions<GraphQLLimits> limits, IDocumentExecuter<BugSageSchema> executer, IGraphQLTextSerializer serializer)
    {
        var query = http.Request.Query["query"].ToString();
        if (query.Length == 0) return BadRequest("Give the query in ?query=.");
        var variables = http.Request.Query["variables"].ToString();
        if (variables.Length > 0)
        {
            try
            {
                using var json = JsonDocument.Parse(variables);
                if (json.RootElement.ValueKind != JsonValueKind.Object) return BadRequest("variables must be a JSON object.");
            }
            catch (JsonException)
            {
                return BadRequest("variables is not valid JSON.");
            }
        }
        var operation = http.Request.Query["operationName"].ToString();
        return await ExecuteAsync(http, new GraphRequest(query, operation.Length > 0 ? operation : null, variables.Length > 0 ? variables : null),
            limits.Value, executer, serializer, queriesOnly: true);
    }

    private static async Task<IResult> ExecuteAsync(HttpContext http, GraphRequest request, GraphQLLimits max, IDocumentExecuter<BugSageSchema> executer,
        IGraphQLTextSerializer serializer, bool queriesOnly)
    {
        if (Encoding.UTF8.GetByteCount(request.Query) > max.MaxDocumentBytes) return TooLarge($"The query document is over {max.MaxDocumentBytes} bytes.");
        if (request.Variables is { } v && Encoding.UTF8.GetByteCount(v) > max.MaxVariablesBytes) return TooLarge($"The variables are over {max.MaxVariablesBytes} bytes.");
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables is null ? null : serializer.Deserialize<Inputs>(request.Variables),
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = http.RequestAborted,
            ValidationRules = queriesOnly
                ? [.. DocumentValidator.CoreRules, new RootFieldsRule(max.MaxRootFields, max.MaxRootMutations), new QueriesOnlyRule()]
                : [.. DocumentValidator.CoreRules, new RootFieldsRule(max.MaxRootFields, max.MaxRootMutations)],
        });
        // A request that never ran (it did not parse or validate) is the client's error; a mutation over GET is the wrong method.
        var status = result.Executed ? StatusCodes.Status200OK
            : result.Errors?.Any(e => e.Code == QueriesOnlyRule.Code) == true ? StatusCodes.Status405MethodNotAllowed
            : StatusCodes.Status400BadRequest;
        if (status == StatusCodes.Status405MethodNotAllowed) http.Response.Headers.Allow = "POST";
        return new GraphResponse(result, serializer, status);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/graphql-response+json", StringComparison.OrdinalIgnoreCase));

    private static IResult BadRequest(string detail) => Refuse(StatusCodes.Status400BadRequest, "Bad request", detail);

    private static IResult TooLarge(string detail) => Refuse(StatusCodes.Status413PayloadTooLarge, "Request too large", detail);

    private static IResult Refuse(int status, string title, string detail) => TypedResults.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>An execution result written by the GraphQL serializer.</summary>
    private sealed class GraphResponse(ExecutionResult result, IGraphQLTextSerializer serializer, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await serializer.WriteAsync(httpContext.Response.Body, result, httpContext.RequestAborted);
        }
    }
}
