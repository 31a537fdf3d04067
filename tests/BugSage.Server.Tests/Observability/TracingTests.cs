using System.Diagnostics;
using System.Net;
using BugSage.Server.Tests.Alerts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace BugSage.Server.Tests.Observability;

/// <summary>
/// One envelope followed through the server's spans: the request that accepted it, the digest
/// batch that stored it (its own trace, linked back to the accept), the notification of the
/// alert it fired, and the delivery of that alert.
/// </summary>
public class TracingTests
{
    [Fact]
    public async Task An_accepted_event_is_traced_through_its_digest_and_the_alert_it_fires()
    {
        var spans = new SpanSink();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite",
            services: s => s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue");

        // The SDK's own trace context, as a Sentry SDK with tracing sends it.
        var trace = ActivityTraceId.CreateRandom();
        var sdk = app.CreateClient();
        sdk.DefaultRequestHeaders.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var id = Envelopes.NewEventId();
        (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.DigestAsync()).ShouldBe(1);
        (await app.DeliverAsync()).ShouldBe(1);

        var finished = spans.Snapshot();
        var accept = finished.Single(s => s.DisplayName == "ingest accept" && s.TraceId == trace);
        accept.Source.Name.ShouldBe("BugSage.Ingestion");
        accept.GetTagItem("bugsage.project.id").ShouldBe(projectId);
        finished.ShouldContain(s => s.Source.Name == "Microsoft.AspNetCore" && s.TraceId == trace && s.SpanId == accept.ParentSpanId,
            "the accept span sits inside the request's span");

        var digest = finished.Single(s => s.DisplayName == "digest batch" && s.Links.Any(l => l.Context.SpanId == accept.SpanId));
        digest.Links.Single(l => l.Context.SpanId == accept.SpanId).Context.TraceId.ShouldBe(trace);
        digest.GetTagItem("bugsage.digest.envelopes").ShouldBe(1);
        digest.GetTagItem("bugsage.digest.events_stored").ShouldBe(1);
        finished.ShouldContain(s => s.TraceId == digest.TraceId && s.Source.Name.Contains("EntityFrameworkCore"), "the digest's database work is in its trace");

        var notify = finished.Single(s => s.DisplayName == "digest notify" && s.ParentSpanId == digest.SpanId);
        notify.TraceId.ShouldBe(digest.TraceId);
        notify.GetTagItem("bugsage.alerts.deliveries_queued").ShouldBe(1);
        notify.GetTagItem("bugsage.issues.new").ShouldBe(1);

        finished.ShouldContain(s => s.DisplayName == "alert-delivery run" && s.Source.Name == "BugSage.Alerts" && (string?)s.GetTagItem("bugsage.work.outcome") == "done");
        receiver.Requests.Count.ShouldBe(1);
    }
}
