namespace BugSage.Core.Alerts.Delivery;

/// <summary>How one request to a target ended; <see cref="Error"/> is written for people and holds no secret.</summary>
public sealed record SendOutcome(bool Succeeded, int? StatusCode, string? Error, bool Retryable, TimeSpan? RetryAfter = null)
{
    public static SendOutcome Ok(int? statusCode) => new(true, statusCode, null, false);
}
