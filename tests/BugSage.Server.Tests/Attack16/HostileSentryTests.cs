using System.Text.Json.Nodes;
using BugSage.Server.Tests.Imports;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Attack16;

/// <summary>A malicious (or broken) Sentry server: what it answers is bounded as an SDK's events are.</summary>
public sealed class HostileSentryTests
{
    [Fact]
    public async Task An_imported_event_is_held_to_the_ingestion_limit_on_event_size()
    {
        var fixture = SentryFixture.Default();
        var huge = SentryFixture.NodeEvent("e00000000000000000000000000000ff", "2026-11-21T10:00:00Z", "backend@1.1.0", "77");
        huge["context"] = new JsonObject { ["blob"] = new string('x', 3 * 1024 * 1024) };
        huge["entries"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "breadcrumbs",
            ["data"] = new JsonObject { ["values"] = new JsonArray(Enumerable.Range(0, 2000).Select(i => (JsonNode?)new JsonObject { ["message"] = new string('b', 2000) }).ToArray()) },
        });
        fixture.Projects[0].Issues[0].Events.Insert(0, huge);
        await using var sentry = await FakeSentry.StartAsync(fixture);
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var orgId = await SentryImportTests.DefaultOrgAsync(app);
        var jobId = await SentryImportTests.StartAsync(api, orgId, sentry);
        await SentryImportTests.RunAsync(app);
        var job = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/imports/{jobId}");
        job["status"].Str().ShouldBe("done", job.ToJsonString());
        var sizes = await app.WithDbAsync(async db => (await db.Events.Select(e => e.Payload).ToListAsync()).Select(p => { using var b = new System.IO.Compression.BrotliStream(new MemoryStream(p), System.IO.Compression.CompressionMode.Decompress); using var m = new MemoryStream(); b.CopyTo(m); return (int)m.Length; }).ToList());
        sizes.Max().ShouldBeLessThanOrEqualTo(1024 * 1024, "an SDK could not have stored this event: " + string.Join(",", sizes));
    }
}
