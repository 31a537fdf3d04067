using System.Diagnostics.Metrics;

namespace BugSage.Core.Processing;

/// <summary>The product's own instruments, exported at <c>/metrics</c>.</summary>
public sealed class BugSageMetrics : IDisposable
{
    public const string MeterName = "BugSage";
    private readonly Meter meter = new(MeterName);

    /// <summary>This instance's meter: exporters listen to it alone, not to every meter of the name in the process.</summary>
    public Meter Meter => meter;

    public BugSageMetrics()
    {
        EnvelopesAccepted = meter.CreateCounter<long>("bugsage_envelopes_accepted_total", description: "Envelopes acknowledged with 200 (durably in the inbox).");
        EnvelopesRefused = meter.CreateCounter<long>("bugsage_envelopes_refused_total", description: "Envelopes answered with an error, by status code.");
        EventsDigested = meter.CreateCounter<long>("bugsage_events_digested_total", description: "Events stored by the digest.");
        DigestBatches = meter.CreateHistogram<double>("bugsage_digest_batch_seconds", unit: "s", description: "Time to write one digest batch.");
    }

    public Counter<long> EnvelopesAccepted { get; }
    public Counter<long> EnvelopesRefused { get; }
    public Counter<long> EventsDigested { get; }
    public Histogram<double> DigestBatches { get; }

    /// <summary>Registers a gauge read when metrics are collected.</summary>
    public void ObserveGauge(string name, Func<long> read, string description) =>
        meter.CreateObservableGauge(name, read, description: description);

    public void Dispose() => meter.Dispose();
}
