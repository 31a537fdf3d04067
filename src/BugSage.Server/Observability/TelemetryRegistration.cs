using System.Diagnostics.Metrics;
using BugSage.Core.Observability;
using BugSage.Core.Processing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BugSage.Server.Observability;

/// <summary>
/// OpenTelemetry for the whole server: metrics always (scraped at <c>/metrics</c>), traces and an
/// OTLP export only when a collector is configured, so an idle single-process server carries no
/// tracing cost it does not use.
/// </summary>
public static class TelemetryRegistration
{
    public const string ServiceName = "bugsage";

    public static WebApplicationBuilder AddBugSageTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        builder.AddBugSageLogging(options);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddMeter(BugSageMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddMeter("Microsoft.EntityFrameworkCore", "Npgsql")
                .AddPrometheusExporter(o =>
                {
                    // Every scrape reads the instruments now; a cached answer would hide the last second's work.
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    // Metric names already say where they come from; an otel_scope_name label on each
                    // series would only change every series' identity for existing dashboards.
                    o.ScopeInfoEnabled = false;
                }));
        builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) => metrics.AddView(OwnInstrumentsOnly(services)));

        // Sources and instrumentation are set up always, the tracer itself only when something
        // reads its spans (a collector here; an in-memory exporter in tests).
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(BugSageTracing.SourceNames)
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsScrape(context.Request.Path))
            .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request => !SelfReporting.IsOwnReport(request))
            // Npgsql traces its own commands; EF Core's spans cover SQLite, which does not.
            .AddEntityFrameworkCoreInstrumentation(o => o.Filter = (provider, _) => provider != "Npgsql.EntityFrameworkCore.PostgreSQL")
            .AddSource("Npgsql"));

        var endpoint = options.OtlpEndpoint ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            telemetry.WithTracing(_ => { });
            if (options.OtlpEndpoint is { Length: > 0 } configured)
                telemetry.UseOtlpExporter(Protocol(options.OtlpProtocol), new Uri(configured));
            else
                telemetry.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, open like the health checks (aggregate numbers, no tenant data).</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }

    private static bool IsScrape(PathString path) => path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");

    private static OtlpExportProtocol Protocol(string name) => name.ToLowerInvariant() switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"{TelemetryOptions.Section}:OtlpProtocol must be grpc or http/protobuf, not '{name}'."),
    };

    /// <summary>
    /// Meters are matched by name across the whole process. When several BugSage hosts share one
    /// (tests, or an embedding app), each exports its own instruments only: BugSage's meter by
    /// instance, framework meters by the host's meter factory. Npgsql's series lose their pool
    /// name: it is the connection string (host, user, database), and <c>/metrics</c> is open; outbound
    /// HTTP and DNS series lose the hosts and addresses they went to, for the same reason.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OwnInstrumentsOnly(IServiceProvider services)
    {
        var own = services.GetRequiredService<BugSageMetrics>().Meter;
        var factory = services.GetRequiredService<IMeterFactory>();
        return instrument =>
        {
            var meter = instrument.Meter;
            var foreign = meter.Name == BugSageMetrics.MeterName
                ? !ReferenceEquals(meter, own)
                : meter.Scope is IMeterFactory scope && !ReferenceEquals(scope, factory);
            if (foreign) return MetricStreamConfiguration.Drop;
            return new MetricStreamConfiguration
            {
                TagKeys = meter.Name switch
                {
                    "Npgsql" => ["db.client.connection.state"],
                    // Outbound calls go to the hosts tenants chose (model endpoints, webhooks, trackers, git):
                    // their names and addresses are the tenants' business, not an anonymous scrape's.
                    "System.Net.Http" => ["http.request.method", "http.response.status_code", "error.type", "network.protocol.version", "http.connection.state"],
                    "System.Net.NameResolution" => ["error.type"],
                    _ => null,
                },
                CardinalityLimit = CardinalityLimit(instrument),
            };
        };
    }

    /// <summary>
    /// How many label sets a metric keeps (more go to one overflow series). The SDK reserves room
    /// for all of them up front, per metric: its default of 2,000 costs megabytes across the
    /// hundred-odd metrics here, while only request durations (route × status × method) need many.
    /// </summary>
    private static int CardinalityLimit(Instrument instrument) =>
        instrument.Name is "http.server.request.duration" or "http.client.request.duration" ? 2000 : 200;
}
