namespace BugSage.Core.Security;

/// <summary>The server key cannot be used as configured; the message says what to do. The server does not start.</summary>
public sealed class ServerKeyException(string message) : Exception(message);
