using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BugSage.Core.Processing;
using BugSage.Server.Tests.Alerts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Observability;

/// <summary>The Grafana dashboard shipped in deploy/ queries only metrics this server exports.</summary>
public partial class GrafanaDashboardTests
{
    /// <summary>A metric name in PromQL: an identifier right before a label matcher or a range.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9_:""$])([A-Za-z_:][A-Za-z0-9_:]*)(?=\{|\[)")]
    private static partial Regex MetricSelector();

    private static JsonNode Dashboard()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BugSage.slnx"))) dir = dir.Parent;
        return JsonNode.Parse(File.ReadAllText(Path.Combine(dir!.FullName, "deploy", "grafana", "bugsage.json")))!;
    }

    private static IEnumerable<string> Expressions(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "expr" && p.Value is JsonValue v ? [v.GetValue<string>()] : p.Value is null ? [] : Expressions(p.Value)),
        JsonArray a => a.SelectMany(e => e is null ? [] : Expressions(e)),
        _ => [],
    };

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_exported()
    {
        var dashboard = Dashboard();
        dashboard["title"]!.GetValue<string>().ShouldBe("BugSage");
        var queried = Expressions(dashboard).SelectMany(e => MetricSelector().Matches(e).Select(m => m.Groups[1].Value)).ToHashSet();
        queried.ShouldContain("bugsage_digest_batch_seconds_bucket");
        queried.ShouldContain("http_server_request_duration_seconds_bucket");
        queried.Count.ShouldBeGreaterThan(15);

        // Traffic of each kind the dashboard shows: accepted and refused envelopes, a digest, an alert delivered.
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");
        await app.SendErrorsAsync("checkout", 1);
        (await Envelopes.PostAsync(app.CreateClient(), projectId, "0123456789abcdef0123456789abcdef", Envelopes.Event(Envelopes.NewEventId(), new { }))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.DeliverAsync()).ShouldBe(1);
        var scraped = (await MetricsScrape.ReadAsync(api)).All.Select(s => s.Name).ToHashSet();

        // Failure counters (quarantine, worker restarts, refused outbound calls) have no series until
        // something fails; those must at least be instruments of this server's meter.
        var declared = DeclaredSeries(app.Services.GetRequiredService<BugSageMetrics>().Meter);
        foreach (var metric in queried)
        {
            if (metric.StartsWith("bugsage_", StringComparison.Ordinal))
                (scraped.Contains(metric) || declared.Contains(metric)).ShouldBeTrue($"{metric} is neither scraped nor declared");
            else
                scraped.ShouldContain(metric, $"{metric} is not in the scrape");
        }
        foreach (var seen in new[] { "bugsage_envelopes_accepted_total", "bugsage_ingest_refusals_total", "bugsage_work_items_total", "bugsage_digest_batch_seconds_bucket" })
            scraped.ShouldContain(seen);
    }

    /// <summary>The series names BugSage's instruments are exposed under (a histogram as its bucket, sum and count).</summary>
    private static HashSet<string> DeclaredSeries(Meter meter)
    {
        var names = new HashSet<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (!ReferenceEquals(instrument.Meter, meter)) return;
            if (instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal))
                names.UnionWith([instrument.Name + "_bucket", instrument.Name + "_sum", instrument.Name + "_count"]);
            else
                names.Add(instrument.Name);
        };
        listener.Start();
        return names;
    }
}
