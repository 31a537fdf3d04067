using System.Net;
using BugSage.Server.Tests.Alerts;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Observability;

/// <summary>What a Prometheus server scraping <c>/metrics</c> gets: histograms with buckets, HTTP, runtime and the product's own series.</summary>
public class MetricsTests
{
    [Fact]
    public async Task The_scrape_has_bucketed_histograms_and_http_server_metrics()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        foreach (var id in new[] { Envelopes.NewEventId(), Envelopes.NewEventId() })
            (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.DigestAsync()).ShouldBe(2);

        var scrape = await MetricsScrape.ReadAsync(sdk);

        scrape.Types["bugsage_digest_batch_seconds"].ShouldBe("histogram");
        var buckets = scrape.Of("bugsage_digest_batch_seconds_bucket").ToList();
        buckets.Count.ShouldBeGreaterThan(5);
        var bounds = buckets.Select(b => b.Labels["le"]).ToList();
        bounds.ShouldContain("0.1");
        bounds[^1].ShouldBe("+Inf");
        buckets.Select(b => b.Value).ShouldBeInOrder(SortDirection.Ascending, "buckets are cumulative");
        buckets[^1].Value.ShouldBe(scrape.Value("bugsage_digest_batch_seconds_count")!.Value);
        scrape.Value("bugsage_digest_batch_seconds_sum")!.Value.ShouldBeGreaterThan(0);
        scrape.Value("bugsage_digest_batch_envelopes_sum").ShouldBe(2);

        scrape.Types["http_server_request_duration_seconds"].ShouldBe("histogram");
        var ingest = scrape.Of("http_server_request_duration_seconds_count")
            .Single(s => s.Labels["http_route"] == "/api/{projectId:long}/envelope/" && s.Labels["http_response_status_code"] == "200");
        ingest.Value.ShouldBe(2);
        ingest.Labels["http_request_method"].ShouldBe("POST");
        scrape.Of("http_server_request_duration_seconds_bucket").ShouldContain(s => s.Labels["le"] == "+Inf");

        scrape.Types.Keys.ShouldContain("process_cpu_time_seconds_total");
        scrape.Types.Keys.ShouldContain("dotnet_gc_collections_total");
        scrape.Value("bugsage_envelopes_accepted_total").ShouldBe(2);
    }

    [Fact]
    public async Task Queued_work_is_counted_by_worker_and_outcome()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");
        await app.SendErrorsAsync("checkout", 1);
        (await app.DeliverAsync()).ShouldBe(1);

        var scrape = await MetricsScrape.ReadAsync(api);
        scrape.Value("bugsage_work_items_total", ("worker", "alert-delivery"), ("outcome", "done")).ShouldBe(1);
        scrape.Value("bugsage_work_item_seconds_count", ("worker", "alert-delivery")).ShouldBe(1);
        scrape.Value("bugsage_work_queue_backlog", ("worker", "alert-delivery")).ShouldBe(0, "nothing left to send");
    }

    [Fact]
    public async Task Work_waiting_to_be_retried_shows_in_the_backlog()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(503).Then(503);
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");
        await app.SendErrorsAsync("checkout", 1);
        await app.SendErrorsAsync("payment", 1);
        (await app.DeliverAsync()).ShouldBe(2);

        var scrape = await MetricsScrape.ReadAsync(api);
        scrape.Value("bugsage_work_queue_backlog", ("worker", "alert-delivery")).ShouldBe(2, "both deliveries wait for their retry");
    }

    [Fact]
    public async Task Each_server_in_a_process_exports_only_its_own_measurements()
    {
        await using var busy = await BugSageFactory.CreateAsync("sqlite");
        await using var idle = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await busy.DefaultKeyAsync();
        var id = Envelopes.NewEventId();
        (await Envelopes.PostAsync(busy.CreateClient(), projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await MetricsScrape.ReadAsync(busy.CreateClient())).Value("bugsage_envelopes_accepted_total").ShouldBe(1);
        var quiet = await MetricsScrape.ReadAsync(idle.CreateClient());
        quiet.Value("bugsage_envelopes_accepted_total").ShouldBeNull();
        quiet.Of("http_server_request_duration_seconds_count").ShouldNotContain(s => s.Labels["http_route"] == "/api/{projectId:long}/envelope/");
    }
}
