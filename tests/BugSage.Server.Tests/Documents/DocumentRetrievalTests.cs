using System.Globalization;
using System.Text.Json;
using BugSage.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Documents;

/// <summary>
/// Measured retrieval on the labelled corpus in tests/datasets/document-retrieval: every document
/// uploaded through the API, every query asked through search; recall@5 must reach 0.8.
/// </summary>
[Collection(HeavyTests.Name)]
public class DocumentRetrievalTests(ITestOutputHelper output)
{
    private const double Bar = 0.8;

    private sealed record LabelledQuery(string Query, string[] Relevant);

    [Theory, SqliteData, PostgresData]
    public async Task Recall_at_5_on_the_labelled_corpus_reaches_the_bar(string provider)
    {
        var corpus = Datasets.Find("document-retrieval");
        var queries = JsonSerializer.Deserialize<List<LabelledQuery>>(await File.ReadAllTextAsync(Path.Combine(corpus, "queries.json")), JsonSerializerOptions.Web)!;
        queries.Count.ShouldBeGreaterThanOrEqualTo(40);
        await using var app = await BugSageFactory.CreateAsync(provider);
        var client = await app.SignedInClientAsync();
        var ids = new Dictionary<long, string>();
        var files = Directory.GetFiles(Path.Combine(corpus, "docs"), "*.md").Order(StringComparer.Ordinal).ToList();
        files.Count.ShouldBeGreaterThanOrEqualTo(30);
        foreach (var file in files)
        {
            var response = await DocumentUploads.PostAsync(client, await File.ReadAllBytesAsync(file), Path.GetFileName(file));
            ids[(await response.ReadJsonAsync())["documentId"].Long()] = Path.GetFileNameWithoutExtension(file);
        }
        (await DocumentUploads.ProcessAsync(app)).ShouldBe(files.Count);

        var found = 0;
        foreach (var q in queries)
        {
            q.Relevant.ShouldAllBe(r => ids.ContainsValue(r), q.Query);
            var hits = (await client.GetJsonAsync("/api/v1/documents/search?limit=5&q=" + Uri.EscapeDataString(q.Query))).AsArray();
            // The first five chunks, as the assistant would read them.
            var top = hits.Select(h => ids[h!["documentId"].Long()]).Distinct().ToList();
            if (top.Intersect(q.Relevant).Any()) found++;
            else output.WriteLine($"missed: {q.Query} -> [{string.Join(", ", top)}], wanted {string.Join(", ", q.Relevant)}");
        }
        var recall = (double)found / queries.Count;
        output.WriteLine($"recall@5 on {provider}: {recall.ToString("0.000", CultureInfo.InvariantCulture)} ({found} of {queries.Count} queries)");
        recall.ShouldBeGreaterThanOrEqualTo(Bar);
    }
}
