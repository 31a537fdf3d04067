using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace BugSage.Server.Operations;

/// <summary>How a domain operation ended, for any surface to shape: the REST API maps it to status codes, the dashboard to a redirect.</summary>
public enum OperationStatus { Ok, Created, NotFound, Forbidden, Invalid, Conflict, Unauthorized, PreconditionRequired, PreconditionFailed, Unprocessable, TooLarge, UnsupportedMediaType, TooManyRequests }

/// <summary>
/// An operation's answer: a value, or why there is none. Expected refusals are values, not
/// exceptions; "not found" is also the answer outside the caller's tenant, so ids do not leak.
/// <paramref name="Title"/> is the refusal in a person's words, shown as is by every surface.
/// </summary>
public sealed record OperationResult<T>(OperationStatus Status, T? Value = default, IDictionary<string, string[]>? Errors = null, string? Detail = null, string? Title = null)
{
    public bool Succeeded => Status is OperationStatus.Ok or OperationStatus.Created;

    /// <summary>The same refusal as an answer of another type (a refusal carries no value).</summary>
    public OperationResult<TOther> As<TOther>() => new(Status, default, Errors, Detail, Title);
}

/// <summary>Builds <see cref="OperationResult{T}"/> values.</summary>
public static class Operation
{
    public static OperationResult<T> Ok<T>(T value) => new(OperationStatus.Ok, value);
    public static OperationResult<T> Created<T>(T value) => new(OperationStatus.Created, value);
    public static OperationResult<T> NotFound<T>(string? title = null, string? detail = null) => new(OperationStatus.NotFound, Title: title, Detail: detail);
    public static OperationResult<T> Forbidden<T>(string? title = null, string? detail = null) => new(OperationStatus.Forbidden, Title: title, Detail: detail);
    public static OperationResult<T> Conflict<T>(string detail) => new(OperationStatus.Conflict, Detail: detail);
    public static OperationResult<T> Refused<T>(OperationStatus status, string title, string? detail = null) => new(status, Title: title, Detail: detail);

    public static OperationResult<T> Invalid<T>(string field, string problem) =>
        new(OperationStatus.Invalid, Errors: new Dictionary<string, string[]> { [field] = [problem] });

    public static OperationResult<T> Invalid<T>(IDictionary<string, string[]> errors, OperationStatus status = OperationStatus.Invalid, string? title = null) =>
        new(status, Errors: errors, Title: title);
}

/// <summary>Shapes operation results as HTTP answers.</summary>
public static class OperationHttp
{
    public static OperationAnswer<T> ToHttp<T>(this OperationResult<T> result, Func<T, string>? location = null) => new(Shape(result, location));

    private static IResult Shape<T>(OperationResult<T> result, Func<T, string>? location) => result.Status switch
    {
        OperationStatus.Ok => TypedResults.Ok(result.Value),
        OperationStatus.Created => TypedResults.Created(location?.Invoke(result.Value!), result.Value),
        OperationStatus.NotFound when result.Title is null => TypedResults.NotFound(),
        OperationStatus.Forbidden when result.Title is null => TypedResults.Forbid(),
        OperationStatus.Conflict => Problem(result, StatusCodes.Status409Conflict, "Conflict"),
        OperationStatus.Invalid => TypedResults.ValidationProblem(result.Errors ?? new Dictionary<string, string[]>(), title: result.Title),
        OperationStatus.Unprocessable => Results.ValidationProblem(result.Errors ?? new Dictionary<string, string[]>(), title: result.Title,
            statusCode: StatusCodes.Status422UnprocessableEntity),
        _ => Problem(result, StatusOf(result.Status), result.Status.ToString()),
    };

    /// <summary>A success as 204; a refusal as <see cref="ToHttp{T}"/> shapes it.</summary>
    public static IResult ToNoContent<T>(this OperationResult<T> result) =>
        result.Succeeded ? TypedResults.NoContent() : Shape(result, null);

    /// <summary>A success as 202 with where to follow the work; a refusal as <see cref="ToHttp{T}"/> shapes it.</summary>
    public static IResult ToAccepted<T>(this OperationResult<T> result, Func<T, string> location) =>
        result.Succeeded ? TypedResults.Accepted(location(result.Value!), result.Value) : Shape(result, null);

    private static ProblemHttpResult Problem<T>(OperationResult<T> result, int status, string fallbackTitle) =>
        TypedResults.Problem(title: result.Title ?? fallbackTitle, detail: result.Detail, statusCode: status);

    private static int StatusOf(OperationStatus status) => status switch
    {
        OperationStatus.NotFound => StatusCodes.Status404NotFound,
        OperationStatus.Forbidden => StatusCodes.Status403Forbidden,
        OperationStatus.Unauthorized => StatusCodes.Status401Unauthorized,
        OperationStatus.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        OperationStatus.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        OperationStatus.TooManyRequests => StatusCodes.Status429TooManyRequests,
        OperationStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
        OperationStatus.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status400BadRequest,
    };
}

/// <summary>
/// An operation's answer over HTTP that names the type it answers with: a handler declared to return it tells the
/// OpenAPI document its 200 body's schema, which a handler returning a bare <see cref="IResult"/> cannot.
/// </summary>
public sealed class OperationAnswer<T>(IResult http) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult
{
    public Task ExecuteAsync(HttpContext httpContext) => http.ExecuteAsync(httpContext);

    // Filters read the status and value of the answer (conditional GETs hash the value): they see the inner result's.
    public int? StatusCode => (http as IStatusCodeHttpResult)?.StatusCode;

    public object? Value => (http as IValueHttpResult)?.Value;

    // CA1000: the framework calls this static member of IEndpointMetadataProvider for the handler's declared return type.
#pragma warning disable CA1000
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
#pragma warning restore CA1000
}
