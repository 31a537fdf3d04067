using System.Globalization;
using System.Text;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// A <c>/metrics</c> scrape read into series, so a test names a series by its metric and labels
/// (as Prometheus does) rather than by the exporter's spelling of a line (<c>name 1</c> and
/// <c>name{} 1</c> are the same series).
/// </summary>
public sealed class MetricsScrape
{
    public sealed record Series(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    private MetricsScrape(string text, List<Series> series, Dictionary<string, string> types)
    {
        Text = text;
        All = series;
        Types = types;
    }

    public string Text { get; }
    public IReadOnlyList<Series> All { get; }

    /// <summary>Each metric family's <c># TYPE</c>: counter, gauge, histogram.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public static async Task<MetricsScrape> ReadAsync(HttpClient client) => Parse(await client.GetStringAsync("/metrics"));

    public static MetricsScrape Parse(string text)
    {
        var series = new List<Series>();
        var types = new Dictionary<string, string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.Length == 0 || line[0] == '#') continue;
            series.Add(ParseSeries(line));
        }
        return new MetricsScrape(text, series, types);
    }

    /// <summary>The value of the one series with exactly these labels, or null when there is none.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels) =>
        All.SingleOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value))?.Value;

    /// <summary>Every series of a metric (a histogram's buckets: <c>name_bucket</c>).</summary>
    public IEnumerable<Series> Of(string name) => All.Where(s => s.Name == name);

    private static Series ParseSeries(string line)
    {
        var nameEnd = line.IndexOfAny(['{', ' ']);
        var name = line[..nameEnd];
        var labels = new Dictionary<string, string>();
        var i = nameEnd;
        if (line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq].TrimStart(',');
                i = eq + 2; // past ="
                var value = new StringBuilder();
                for (; line[i] != '"'; i++)
                {
                    if (line[i] == '\\') { i++; value.Append(line[i] == 'n' ? '\n' : line[i]); }
                    else value.Append(line[i]);
                }
                labels[key] = value.ToString();
                i++;
                if (line[i] == ',') i++;
            }
            i++;
        }
        var number = line[i..].Trim().Split(' ')[0];
        var parsed = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, CultureInfo.InvariantCulture),
        };
        return new Series(name, labels, parsed);
    }
}
