namespace BugSage.Core.Imports;

/// <summary>Sentry could not be read: the message says why in a person's words and never holds the token.</summary>
public sealed class SentryApiException(string message, int? statusCode = null) : Exception(message)
{
    /// <summary>Sentry's answer, or null when none came (network, refused address).</summary>
    public int? StatusCode { get; } = statusCode;
}
