using System.Diagnostics;
using System.Globalization;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Documents;

/// <summary>
/// How long a 200-page PDF takes from upload to searchable (bench/documents/run.sh runs it three
/// times and takes the median); the bar is 30 seconds.
/// </summary>
[Collection(HeavyTests.Name)]
public class DocumentIngestBenchmarkTests(ITestOutputHelper output)
{
    private static readonly string[] Words =
    [
        "request", "timeout", "retry", "primary", "replica", "deploy", "rollback", "queue", "consumer", "latency", "cache", "index", "schema",
        "migration", "certificate", "token", "gateway", "partition", "lock", "transaction", "alert", "dashboard", "service", "node", "cluster",
        "backup", "restore", "shard", "throughput", "budget", "incident", "escalation", "checkout", "invoice", "payment", "session", "worker",
    ];

    [Fact]
    public async Task A_200_page_pdf_is_searchable_within_30_seconds()
    {
        var random = new Random(200);
        var pages = Enumerable.Range(1, 200).Select(page => (IReadOnlyList<string>)Enumerable.Range(0, 55)
            .Select(line => string.Join(' ', Enumerable.Range(0, 11).Select(_ => Words[random.Next(Words.Length)])) + (line % 6 == 5 ? "." : ""))
            .Prepend($"Section {page}: operations handbook").ToList());
        var pdf = TestPdfs.Pages(pages);
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = await app.SignedInClientAsync();

        var watch = Stopwatch.StartNew();
        var job = await DocumentUploads.UploadAndProcessAsync(app, client, pdf, "handbook.pdf");
        watch.Stop();

        job["status"].Str().ShouldBe("ready", job["reason"]?.ToString());
        var document = await client.GetJsonAsync($"/api/v1/documents/{job["documentId"].Long()}");
        var hits = (await client.GetJsonAsync("/api/v1/documents/search?q=" + Uri.EscapeDataString("Section 137 operations handbook"))).AsArray();
        hits.ShouldNotBeEmpty();
        output.WriteLine($"200-page PDF ({pdf.Length / 1024} KiB) searchable in {watch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s " +
            $"({document["chunks"]} chunks)");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }
}
