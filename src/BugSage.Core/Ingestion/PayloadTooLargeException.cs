namespace BugSage.Core.Ingestion;

/// <summary>A body, envelope or item over its limit; answered with 413.</summary>
public sealed class PayloadTooLargeException(string message) : Exception(message);
