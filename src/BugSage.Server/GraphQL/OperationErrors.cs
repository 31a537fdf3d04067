using BugSage.Server.Operations;
using GraphQL;

namespace BugSage.Server.GraphQL;

/// <summary>
/// An operation's refusal as a GraphQL error with <c>extensions.code</c>. "Not found" is worded the same whatever
/// the reason, so another tenant's id reads exactly like a missing one; other refusals keep the operation's words.
/// </summary>
public static class OperationErrors
{
    public const string NotFound = "NOT_FOUND";
    public const string Forbidden = "FORBIDDEN";
    public const string Invalid = "INVALID";
    public const string Internal = "INTERNAL";

    /// <summary>The operation's value, or the refusal thrown as an <see cref="ExecutionError"/> for the field that asked.</summary>
    public static T Value<T>(this OperationResult<T> result) => result.Succeeded ? result.Value! : throw ErrorOf(result);

    /// <summary>A refusal of the caller's input, before any operation ran.</summary>
    public static ExecutionError InvalidArgument(string argument, string problem) =>
        WithFields(new ExecutionError($"Invalid {argument}: {problem}") { Code = Invalid }, new Dictionary<string, string[]> { [argument] = [problem] });

    /// <summary>An id that names nothing (not a number, or not the caller's): the same answer as a missing one.</summary>
    public static ExecutionError Missing() => new("Not found.") { Code = NotFound };

    private static ExecutionError ErrorOf<T>(OperationResult<T> result) => result.Status switch
    {
        OperationStatus.NotFound => Missing(),
        OperationStatus.Forbidden => new ExecutionError(result.Title ?? "Your role does not allow this.") { Code = Forbidden },
        OperationStatus.Invalid or OperationStatus.Unprocessable => WithFields(
            new ExecutionError(result.Title ?? "The input is not valid.") { Code = Invalid }, result.Errors ?? new Dictionary<string, string[]>()),
        var other => new ExecutionError(Sentence(result.Title ?? other.ToString(), result.Detail)) { Code = Code(other) },
    };

    private static ExecutionError WithFields(ExecutionError error, IDictionary<string, string[]> fields)
    {
        (error.Extensions ??= new Dictionary<string, object?>())["fieldErrors"] = fields;
        return error;
    }

    private static string Sentence(string title, string? detail) => detail is null ? title : $"{title}: {detail}";

    // CONFLICT, PRECONDITION_FAILED, ...: the operation status in the casing GraphQL codes use.
    private static string Code(OperationStatus status) =>
        string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
