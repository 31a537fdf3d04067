using Microsoft.Extensions.Logging.Console;

namespace BugSage.Server.Observability;

/// <summary>Console logs: readable lines while developing, JSON with trace ids everywhere else.</summary>
internal static class TelemetryLogging
{
    public static void AddBugSageLogging(this WebApplicationBuilder builder, TelemetryOptions options)
    {
        // Trace and span ids go into every log scope, so a JSON line leads to its trace.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (!(options.JsonLogs ?? !builder.Environment.IsDevelopment())) return;
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
    }
}
