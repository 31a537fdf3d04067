using System.Globalization;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Triage;

/// <summary>Free-text issue search: words as prefixes, phrases in order, the index following title changes.</summary>
public class SearchTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Free_text_matches_words_prefixes_and_phrases_and_follows_new_titles(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        async Task Send(string function, string message, double ts)
        {
            var id = Envelopes.NewEventId();
            await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: function, message: message, timestamp: ts)));
            await app.DigestAsync();
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Send("chargeCard", "Payment gateway timeout after retries", now - 100);
        await Send("renderInvoice", "Cannot render the invoice template", now - 90);
        await Send("syncInventory", "Inventory gateway refused the connection", now - 80);

        var api = await app.SignedInClientAsync();
        async Task<List<string>> Search(string q) =>
            (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues?query={Uri.EscapeDataString(q)}&sort=firstSeen"))
            .Items().Select(i => i!["culprit"].Str().Split('(')[0]).ToList();

        (await Search("gateway")).ShouldBe(["syncInventory", "chargeCard"]);
        (await Search("gate")).ShouldBe(["syncInventory", "chargeCard"]);
        (await Search("GATEWAY timeout")).ShouldBe(["chargeCard"]);
        (await Search("\"gateway refused\"")).ShouldBe(["syncInventory"]);
        (await Search("\"refused gateway\"")).ShouldBeEmpty();
        (await Search("renderinv")).ShouldBe(["renderInvoice"]);
        (await Search("users.js")).Count.ShouldBe(3);
        (await Search("\" OR 1=1 --")).ShouldBeEmpty();
        (await Search("*")).Count.ShouldBe(3);

        // A newer event renames the issue; the index follows.
        await Send("chargeCard", "Card declined by issuer", now - 10);
        (await Search("declined")).ShouldBe(["chargeCard"]);
        (await Search("timeout")).ShouldBeEmpty();
    }

    [Theory, SqliteData, PostgresData]
    public async Task First_seen_bounds_select_the_issues_first_seen_in_an_interval(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var (function, ago) in new[] { ("early", 300), ("middle", 200), ("late", 100) })
        {
            var id = Envelopes.NewEventId();
            await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: function, message: $"{function} failed", timestamp: now - ago)));
        }
        await app.DigestAsync();

        var api = await app.SignedInClientAsync();
        string At(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        async Task<List<string>> Search(string q) =>
            (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues?query={Uri.EscapeDataString(q)}&sort=firstSeen"))
            .Items().Select(i => i!["culprit"].Str().Split('(')[0]).ToList();

        (await Search($"firstSeen:>={At(now - 250)} firstSeen:<{At(now - 150)}")).ShouldBe(["middle"]);
        (await Search($"firstSeen:>={At(now - 200)}")).ShouldBe(["late", "middle"]);
        (await Search($"firstSeen:>{At(now - 200)}")).ShouldBe(["late"]);
        (await Search($"firstSeen:<={At(now - 200)}")).ShouldBe(["middle", "early"]);
        (await Search($"firstSeen:<{At(now - 200)}")).ShouldBe(["early"]);
    }
}
