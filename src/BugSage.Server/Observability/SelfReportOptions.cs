namespace BugSage.Server.Observability;

/// <summary>BugSage reporting its own errors with the Sentry SDK (<c>BugSage:SelfReport</c>); off unless a DSN is set.</summary>
public sealed class SelfReportOptions
{
    public const string Section = "BugSage:SelfReport";

    /// <summary>Where to report: any Sentry-compatible DSN, this server's own included. Falls back to <c>SENTRY_DSN</c>.</summary>
    public string? Dsn { get; set; }

    /// <summary>The environment the reports carry (defaults to the host's environment name).</summary>
    public string? Environment { get; set; }

    /// <summary>
    /// At most this many reports a minute. Whatever the reason errors repeat (a loop through this
    /// server included), the reports stay a trickle.
    /// </summary>
    public int MaxEventsPerMinute { get; set; } = 30;
}
