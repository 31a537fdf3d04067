using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace BugSage.Core.Processing;

/// <summary>
/// The product's own instruments, exported at <c>/metrics</c>. Names are the exposed Prometheus
/// names already (counters end in <c>_total</c>, time in <c>_seconds</c> with unit <c>s</c>), so
/// the exporter adds no suffix and dashboards keep working across exporters.
/// </summary>
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
        IngestRefusals = meter.CreateCounter<long>("bugsage_ingest_refusals_total", description: "Envelopes refused, by reason (key_quota, server_backlog, disk_full, unauthorized, forbidden, too_large, malformed, ...).");
        DigestBatches = meter.CreateHistogram("bugsage_digest_batch_seconds", unit: "s", description: "Time to write one digest batch.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        DigestBatchSizes = meter.CreateHistogram("bugsage_digest_batch_envelopes", description: "Envelopes in one digest batch.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000] });
        WorkItems = meter.CreateCounter<long>("bugsage_work_items_total", description: "Queued work items (analyses, fix sessions, deliveries, ...) run to their end, by worker and outcome.");
        WorkItemDurations = meter.CreateHistogram("bugsage_work_item_seconds", unit: "s", description: "Time one queued work item ran, by worker.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800] });
        EnvelopesQuarantined = meter.CreateCounter<long>("bugsage_envelopes_quarantined_total", description: "Acknowledged envelopes the digest could not process, set aside with their reason.");
        DigestContentionRetries = meter.CreateCounter<long>("bugsage_digest_contention_retries_total", description: "Digest writes tried again because they lost a race with another writer (a deadlock, a serialization failure, a key another node stored first).");
        WorkerFailures = meter.CreateCounter<long>("bugsage_worker_failures_total", description: "Background worker loops that failed and were restarted, by worker.");
        WorkItemsFailed = meter.CreateCounter<long>("bugsage_work_items_failed_total", description: "Queued work items (analyses, fix sessions) that failed with an unexpected error, by worker.");
        LeasesExpired = meter.CreateCounter<long>("bugsage_work_leases_expired_total", description: "Queued work taken back from a node that stopped renewing its lease, by worker.");
        AssistantAnswers = meter.CreateCounter<long>("bugsage_assistant_answers_total", description: "Questions the assistant answered, by engine (offline, model, confirmation).");
        AssistantToolCalls = meter.CreateCounter<long>("bugsage_assistant_tool_calls_total", description: "Tool calls through the registry (assistant and MCP), by tool and outcome.");
        AutoAnalysisDecisions = meter.CreateCounter<long>("bugsage_auto_analysis_decisions_total", description: "Issues automatic analysis weighed, by decision (queued, analysed, policy_off, too_few_events, hour_spent, not_fixable, ...); announcements it skipped unweighed are not counted.");
        OutboundRefused = meter.CreateCounter<long>("bugsage_outbound_refused_total", description: "Outbound connections (git, models, GitHub) the address policy refused, by the kind of address.");
        meter.CreateObservableGauge("bugsage_work_queue_backlog",
            () => backlogs.Select(b => new Measurement<long>(b.Value, new KeyValuePair<string, object?>("worker", b.Key))),
            description: "Queued work items (analyses, fix sessions, deliveries, ...) waiting to run, by worker, as each worker last counted them.");
        RateLimited = meter.CreateCounter<long>("bugsage_rate_limited_total", description: "API requests answered 429 because the caller's budget was spent, by endpoint group (api, assistant, mcp, graphql).");
        CacheRequests = meter.CreateCounter<long>("bugsage_cache_requests_total", description: "Reads of the cache for hot reads, by cache (dsn_keys, api_tokens, org_stats, issue_lists, project_settings) and outcome (hit, miss).");
    }

    public Counter<long> EnvelopesAccepted { get; }
    public Counter<long> EnvelopesRefused { get; }
    public Counter<long> EventsDigested { get; }
    public Counter<long> IngestRefusals { get; }
    public Histogram<double> DigestBatches { get; }
    public Histogram<long> DigestBatchSizes { get; }
    public Counter<long> WorkItems { get; }
    public Histogram<double> WorkItemDurations { get; }
    public Counter<long> EnvelopesQuarantined { get; }
    public Counter<long> DigestContentionRetries { get; }
    public Counter<long> WorkerFailures { get; }
    public Counter<long> WorkItemsFailed { get; }
    public Counter<long> LeasesExpired { get; }
    public Counter<long> OutboundRefused { get; }
    public Counter<long> AutoAnalysisDecisions { get; }
    public Counter<long> AssistantAnswers { get; }
    public Counter<long> AssistantToolCalls { get; }
    public Counter<long> RateLimited { get; }
    public Counter<long> CacheRequests { get; }

    /// <summary>Buckets for work measured in seconds, from a few milliseconds to half a minute.</summary>
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly ConcurrentDictionary<string, long> backlogs = new();

    /// <summary>What a queued worker counted waiting in its queue, reported as <c>bugsage_work_queue_backlog{worker}</c>.</summary>
    public void RecordBacklog(string worker, long waiting) => backlogs[worker] = waiting;

    /// <summary>Registers a gauge read when metrics are collected.</summary>
    public void ObserveGauge(string name, Func<long> read, string description) =>
        meter.CreateObservableGauge(name, read, description: description);

    public void Dispose() => meter.Dispose();
}
