using System.IO.Compression;
using System.Net;
using System.Text;
using BugSage.Server.Ingestion;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Robustness;

/// <summary>
/// What a flood of large or inflating bodies can take: nothing is decompressed for a client
/// without a valid key, nothing inflates past a ratio no real envelope reaches, and the bodies
/// all requests hold at once stay within a budget (429 with Retry-After past it).
/// </summary>
public sealed class IngestMemoryTests
{
    private const int Mebibyte = 1024 * 1024;

    [Fact]
    public async Task A_bomb_with_an_unknown_key_is_refused_before_it_is_decompressed()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var bomb = Bomb(99);
        var refused = await app.CreateClient().PostAsync($"/api/{projectId}/envelope/?sentry_key=0123456789abcdef0123456789abcdef", bomb());
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // With the right key it is read, and cut off at a hundred times its compressed size.
        var cut = await app.CreateClient().PostAsync($"/api/{projectId}/envelope/?sentry_key={key}", bomb());
        cut.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await cut.Content.ReadAsStringAsync()).ShouldContain("at most 100 times its compressed size");
    }

    [Fact]
    public async Task Bodies_past_the_in_flight_budget_get_429_until_memory_is_free_again()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new()
        {
            ["BugSage:Ingestion:MaxCompressedBodyBytes"] = (2 * Mebibyte).ToString(),
            ["BugSage:Ingestion:MaxEnvelopeBytes"] = (2 * Mebibyte).ToString(),
            ["BugSage:Ingestion:MaxInFlightBodyBytes"] = (4 * Mebibyte).ToString(),
        });
        var (projectId, key) = await app.DefaultKeyAsync();
        var budget = app.Services.GetRequiredService<IngestMemoryBudget>();
        var sdk = app.CreateClient();
        var eventId = Envelopes.NewEventId();
        var envelope = Envelopes.Event(eventId, Envelopes.NodeError(eventId));

        // Other requests hold all but half a kilobyte of the budget (as slow large uploads would).
        budget.Take(4 * Mebibyte - 512);
        var busy = await Envelopes.PostAsync(sdk, projectId, key, envelope);
        busy.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        busy.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        busy.Headers.GetValues("X-Sentry-Rate-Limits").Single().ShouldBe("1::organization:server_busy");
        budget.Held.ShouldBe(4 * Mebibyte - 512);

        budget.Give(4 * Mebibyte - 512);
        (await Envelopes.PostAsync(sdk, projectId, key, envelope)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // What a finished request held is given back, compressed or not, refused or not.
        (await sdk.PostAsync($"/api/{projectId}/envelope/?sentry_key={key}", Bomb(3)())).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        budget.Held.ShouldBe(0);
    }

    /// <summary>A well-framed envelope whose attachment is <paramref name="mebibytes"/> MiB of zeros, gzipped (about 100 KiB).</summary>
    private static Func<HttpContent> Bomb(int mebibytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes($"{{}}\n{{\"type\":\"attachment\",\"length\":{mebibytes * Mebibyte}}}\n"));
            var zeros = new byte[Mebibyte];
            for (var i = 0; i < mebibytes; i++) gzip.Write(zeros);
        }
        var bytes = compressed.ToArray();
        return () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentEncoding.Add("gzip");
            return content;
        };
    }
}
