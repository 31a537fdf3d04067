namespace BugSage.Server.Operations;

/// <summary>How a domain operation ended, for any surface to shape: the REST API maps it to status codes.</summary>
public enum OperationStatus { Ok, Created, NotFound, Forbidden, Invalid, Conflict }

/// <summary>
/// An operation's answer: a value, or why there is none. Expected refusals are values, not
/// exceptions; "not found" is also the answer outside the caller's tenant, so ids do not leak.
/// </summary>
public sealed record OperationResult<T>(OperationStatus Status, T? Value = default, IDictionary<string, string[]>? Errors = null, string? Detail = null);

/// <summary>Builds <see cref="OperationResult{T}"/> values.</summary>
public static class Operation
{
    public static OperationResult<T> Ok<T>(T value) => new(OperationStatus.Ok, value);
    public static OperationResult<T> Created<T>(T value) => new(OperationStatus.Created, value);
    public static OperationResult<T> NotFound<T>() => new(OperationStatus.NotFound);
    public static OperationResult<T> Conflict<T>(string detail) => new(OperationStatus.Conflict, Detail: detail);

    public static OperationResult<T> Invalid<T>(string field, string problem) =>
        new(OperationStatus.Invalid, Errors: new Dictionary<string, string[]> { [field] = [problem] });
}

/// <summary>Shapes operation results as HTTP answers.</summary>
public static class OperationHttp
{
    public static IResult ToHttp<T>(this OperationResult<T> result, Func<T, string>? location = null) => result.Status switch
    {
        OperationStatus.Ok => TypedResults.Ok(result.Value),
        OperationStatus.Created => TypedResults.Created(location?.Invoke(result.Value!), result.Value),
        OperationStatus.NotFound => TypedResults.NotFound(),
        OperationStatus.Forbidden => TypedResults.Forbid(),
        OperationStatus.Conflict => TypedResults.Problem(title: "Conflict", detail: result.Detail, statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.ValidationProblem(result.Errors ?? new Dictionary<string, string[]>()),
    };

    public static IResult ToNoContent<T>(this OperationResult<T> result) =>
        result.Status == OperationStatus.Ok ? TypedResults.NoContent() : result.ToHttp();
}
