namespace BugSage.Server.Observability;

/// <summary>Where traces and metrics go besides <c>/metrics</c> (<c>BugSage:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "BugSage:Telemetry";

    /// <summary>
    /// An OTLP collector to send traces, metrics and logs to, e.g. <c>http://otel-collector:4317</c>.
    /// Unset (the default), nothing leaves the process unless the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable names a collector.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport: <c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Log lines as JSON with trace and span ids. On by default outside Development.</summary>
    public bool? JsonLogs { get; set; }
}
