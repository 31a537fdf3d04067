namespace BugSage.Core.Ingestion;

/// <summary>The bytes are not a well-formed envelope; answered with 400 and <c>X-Sentry-Error</c>.</summary>
public sealed class EnvelopeFormatException(string message) : Exception(message);
