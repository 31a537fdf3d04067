namespace BugSage.Core.IssueTrackers;

/// <summary>The few calls BugSage makes to an issue tracker, whichever it is.</summary>
public interface IIssueTracker
{
    Task<TrackedIssue> CreateAsync(IssueDraft draft, CancellationToken ct);

    /// <summary>The issue by its number or key.</summary>
    /// <exception cref="TrackerException">With status 404 when there is no such issue.</exception>
    Task<TrackedIssue> GetAsync(string key, CancellationToken ct);

    /// <summary>Closes (finishes) or reopens the issue and leaves <paramref name="comment"/> on it.</summary>
    Task SetStateAsync(string key, bool closed, string comment, CancellationToken ct);
}

/// <summary>A tracker issue as BugSage keeps it.</summary>
public sealed record TrackedIssue(string Key, string Url, string Title, bool Closed);

/// <summary>
/// A tracker call that failed. The message is written for people and holds no credential;
/// <see cref="Retryable"/> says whether waiting could change the answer.
/// </summary>
public sealed class TrackerException(string message, bool retryable, int? statusCode = null, TimeSpan? retryAfter = null) : Exception(message)
{
    public bool Retryable { get; } = retryable;
    public int? StatusCode { get; } = statusCode;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Whether the tracker answered that the issue (or repository, or project) does not exist.</summary>
    public bool NotFound => StatusCode == 404;

    /// <summary>Whether an answer with this status code may change by waiting.</summary>
    public static bool IsRetryable(int code) => code is 408 or 425 or 429 or >= 500;
}
