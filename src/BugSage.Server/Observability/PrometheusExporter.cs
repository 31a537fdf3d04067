using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using BugSage.Core.Processing;

namespace BugSage.Server.Observability;

/// <summary>
/// Collects BugSage's instruments with a <see cref="MeterListener"/> and renders them in the
/// Prometheus text format: counters as totals, histograms as sum and count, gauges as read now.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> counters = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), (double Sum, long Count)> histograms = new();
    private readonly ConcurrentDictionary<string, long> gauges = new();
    private readonly ConcurrentDictionary<string, string> help = new();

    public PrometheusExporter(BugSageMetrics metrics)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (!ReferenceEquals(instrument.Meter, metrics.Meter)) return;
            help[instrument.Name] = instrument.Description ?? "";
            l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        switch (instrument)
        {
            case Counter<long> or Counter<double>:
                counters.AddOrUpdate((instrument.Name, labels), value, (_, v) => v + value);
                break;
            case Histogram<double> or Histogram<long>:
                histograms.AddOrUpdate((instrument.Name, labels), (value, 1), (_, v) => (v.Sum + value, v.Count + 1));
                break;
            default:
                gauges[instrument.Name] = (long)value;
                break;
        }
    }

    public string Render()
    {
        listener.RecordObservableInstruments();
        var sb = new StringBuilder();
        foreach (var group in counters.GroupBy(c => c.Key.Name).OrderBy(g => g.Key))
        {
            Header(sb, group.Key, "counter");
            foreach (var c in group) sb.Append(group.Key).Append(c.Key.Labels).Append(' ').Append(Number(c.Value)).Append('\n');
        }
        foreach (var group in histograms.GroupBy(h => h.Key.Name).OrderBy(g => g.Key))
        {
            Header(sb, group.Key, "summary");
            foreach (var h in group)
            {
                sb.Append(group.Key).Append("_sum").Append(h.Key.Labels).Append(' ').Append(Number(h.Value.Sum)).Append('\n');
                sb.Append(group.Key).Append("_count").Append(h.Key.Labels).Append(' ').Append(h.Value.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        foreach (var (name, gauge) in gauges.OrderBy(g => g.Key))
        {
            Header(sb, name, "gauge");
            sb.Append(name).Append(' ').Append(gauge.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    private void Header(StringBuilder sb, string name, string type) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help.GetValueOrDefault(name, "")).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return "";
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
            parts.Add($"{tag.Key}=\"{Convert.ToString(tag.Value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        parts.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', parts) + "}";
    }

    private static string Number(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    public void Dispose() => listener.Dispose();
}
