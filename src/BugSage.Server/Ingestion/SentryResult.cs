using System.Text.Json.Serialization;

namespace BugSage.Server.Ingestion;

/// <summary>The Sentry protocol's answers: <c>{"id"}</c> on success, <c>{"detail"}</c> with <c>X-Sentry-Error</c> otherwise.</summary>
internal static class SentryResult
{
    public sealed record Accepted([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id);

    public sealed record Error(string Detail);

    public static IResult Ok(string? eventId) => TypedResults.Json(new Accepted(eventId), IngestJsonContext.Default.Accepted);

    public static IResult Fail(HttpContext context, int status, string detail)
    {
        // Header values must be ASCII on one line; the body carries the same text.
        context.Response.Headers["X-Sentry-Error"] = new string(detail.Select(c => c is >= ' ' and <= '~' ? c : '?').Take(200).ToArray());
        return TypedResults.Json(new Error(detail), IngestJsonContext.Default.Error, statusCode: status);
    }

    /// <summary>503 with <c>Retry-After</c>: the server could not store the envelope (a full disk), and says when to try again.</summary>
    public static IResult Unavailable(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Fail(context, StatusCodes.Status503ServiceUnavailable, detail);
    }

    /// <summary>429 with the headers SDKs obey: <c>Retry-After</c> and <c>X-Sentry-Rate-Limits</c>.</summary>
    public static IResult TooManyRequests(HttpContext context, int retryAfterSeconds, string scope, string reason, string? detail = null)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["X-Sentry-Rate-Limits"] = $"{retryAfterSeconds}::{scope}:{reason}";
        return Fail(context, StatusCodes.Status429TooManyRequests, detail ?? reason.Replace('_', ' '));
    }
}

[JsonSerializable(typeof(SentryResult.Accepted))]
[JsonSerializable(typeof(SentryResult.Error))]
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
