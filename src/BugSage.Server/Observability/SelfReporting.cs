using BugSage.Core.Ingestion;
using Microsoft.Extensions.Options;
using Sentry;
using Sentry.AspNetCore;
using Sentry.Extensions.Logging;

namespace BugSage.Server.Observability;

/// <summary>
/// Reports BugSage's own unhandled exceptions and logged errors with the Sentry SDK, to any DSN,
/// this same server's included (dogfooding). A report must never cause another: an error while
/// this server ingests its own report is not reported, the paths a report travels through here
/// (ingestion and the digest) report through their own channels (refusal counts, quarantine)
/// instead, the SDK's requests are not traced, and a per-minute cap bounds whatever repeats.
/// </summary>
public static class SelfReporting
{
    /// <summary>Log categories of the path a report takes through this server.</summary>
    private static readonly string[] ReportPath =
        ["BugSage.Server.Ingestion.", "BugSage.Core.Processing.Digest.", "BugSage.Core.Processing.Inbox."];

    public static WebApplicationBuilder AddSelfReporting(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SelfReportOptions.Section).Get<SelfReportOptions>() ?? new SelfReportOptions();
        var dsn = options.Dsn is { Length: > 0 } configured ? configured : Environment.GetEnvironmentVariable("SENTRY_DSN");
        return string.IsNullOrWhiteSpace(dsn) ? builder : builder.UseSentrySdk(dsn, options);
    }

    /// <summary>
    /// Apart from <see cref="AddSelfReporting"/> so that the SDK's assemblies load only when a DSN is configured: compiling a
    /// method loads every assembly it names.
    /// </summary>
    private static WebApplicationBuilder UseSentrySdk(this WebApplicationBuilder builder, string dsn, SelfReportOptions options)
    {
        var ownKey = SentryAuth.ParseDsn(dsn)?.PublicKey;

        builder.Services.AddHttpContextAccessor();
        builder.WebHost.UseSentry(o =>
        {
            o.Dsn = dsn;
            o.Environment = options.Environment ?? builder.Environment.EnvironmentName;
            o.Release = typeof(SelfReporting).Assembly.GetName().Version?.ToString();
            // Errors only: performance data goes through OpenTelemetry, and SDK transactions sent to
            // this server would be one more request per request.
            o.TracesSampleRate = 0;
            o.DisableDiagnosticSourceIntegration();
            o.SendDefaultPii = false;
            // Counts of dropped reports would be one more envelope to this server per drop.
            o.SendClientReports = false;
            o.MinimumEventLevel = LogLevel.Error;
            o.AddLogEntryFilter((category, _, _, _) => ReportPath.Any(p => category.StartsWith(p, StringComparison.Ordinal)));
            // A failed command's exception is reported where it lands, with the request or job around
            // it; EF Core's own log line of it would be a second report of the same failure.
            o.AddLogEntryFilter((category, _, _, _) => category == "Microsoft.EntityFrameworkCore.Database.Command");
        });
        builder.Services.AddOptions<SentryAspNetCoreOptions>().Configure<IHttpContextAccessor, TimeProvider>((o, http, clock) =>
        {
            var cap = new ReportCap(options.MaxEventsPerMinute, clock);
            o.SetBeforeSend((report, _) => IsOwnReportArriving(http.HttpContext, ownKey) || !cap.TryTake() ? null : report);
        });
        return builder;
    }

    /// <summary>Whether an outgoing request is the SDK sending a report (signed with a Sentry key).</summary>
    public static bool IsOwnReport(HttpRequestMessage request) => request.Headers.Contains("X-Sentry-Auth");

    /// <summary>Whether the request being handled is a report from this server's own SDK arriving here.</summary>
    private static bool IsOwnReportArriving(HttpContext? context, string? ownKey)
    {
        if (context is null || ownKey is null) return false;
        var request = context.Request;
        var key = SentryAuth.KeyFromHeader(request.Headers["X-Sentry-Auth"])
            ?? SentryAuth.KeyFromHeader(request.Headers.Authorization)
            ?? request.Query["sentry_key"].ToString();
        return string.Equals(key, ownKey, StringComparison.Ordinal);
    }

    /// <summary>A fixed one-minute window of at most <c>limit</c> reports.</summary>
    private sealed class ReportCap(int limit, TimeProvider clock)
    {
        private readonly Lock gate = new();
        private long window = -1;
        private int taken;

        public bool TryTake()
        {
            var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
            lock (gate)
            {
                if (minute != window) (window, taken) = (minute, 0);
                return taken++ < limit;
            }
        }
    }
}
