using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BugSage.Core.Processing;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>Counts what one of a server's counters records, by the value of one of its tags; other servers' meters are not heard.</summary>
public sealed class MetricCount : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> counts = new();

    public MetricCount(BugSageFactory app, string counter, string tag)
    {
        var meter = app.Services.GetRequiredService<BugSageMetrics>().Meter;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == counter) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var t in tags)
                if (t.Key == tag) counts.AddOrUpdate((string)t.Value!, value, (_, v) => v + value);
        });
        listener.Start();
    }

    public long Of(string value) => counts.GetValueOrDefault(value);

    public long Total => counts.Values.Sum();

    public void Dispose() => listener.Dispose();
}
