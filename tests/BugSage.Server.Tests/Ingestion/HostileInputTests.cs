using System.IO.Compression;
using System.Net;
using System.Text;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Ingestion;

/// <summary>What a hostile or broken client gets, and that the server keeps serving afterwards.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private BugSageFactory app = null!;
    private HttpClient client = null!;
    private long projectId;
    private string key = "";

    public async Task InitializeAsync()
    {
        app = await BugSageFactory.CreateAsync("sqlite", new()
        {
            ["BugSage:Ingestion:MaxCompressedBodyBytes"] = (256 * 1024).ToString(),
            ["BugSage:Ingestion:MaxEnvelopeBytes"] = (2 * 1024 * 1024).ToString(),
            ["BugSage:Ingestion:MaxEventBytes"] = (64 * 1024).ToString(),
        });
        client = app.CreateClient();
        (projectId, key) = await app.DefaultKeyAsync();
    }

    public async Task DisposeAsync()
    {
        // Whatever came before, a good envelope still goes through and nothing bad was stored.
        var id = Envelopes.NewEventId();
        (await Envelopes.PostAsync(client, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.DigestAsync();
        (await app.WithDbAsync(db => db.Events.Select(e => e.EventId).ToListAsync())).ShouldContain(id);
        (await app.WithDbAsync(db => db.ItemOutcomes.CountAsync(o => o.Outcome == "server_discard" && o.Reason == "invalid"))).ShouldBe(0);
        await app.DisposeAsync();
    }

    private async Task<HttpResponseMessage> Post(HttpContent content, string? query = null) =>
        await client.PostAsync($"/api/{projectId}/envelope/?{query ?? "sentry_key=" + key}", content);

    private static async Task ShouldFail(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Headers.TryGetValues("X-Sentry-Error", out var error).ShouldBeTrue();
        error!.Single().ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("{\"event_id\":\"not-hex\"}\n")]
    [InlineData("{}\n{\"type\":\"event\",\"length\":99999}\n{}")]
    [InlineData("{}\n{\"type\":\"event\"}\n{\"broken\": \n")]
    [InlineData("\u0000\u0001\u0002")]
    public async Task Malformed_envelopes_get_400(string body) =>
        await ShouldFail(await Post(Envelopes.Content(body)), HttpStatusCode.BadRequest);

    [Fact]
    public async Task Deeply_nested_json_gets_400()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        await ShouldFail(await Post(Envelopes.Content($"{{}}\n{{\"type\":\"event\"}}\n{{\"extra\":{deep}}}\n")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_what_its_encoding_says_gets_400() =>
        await ShouldFail(await Post(new ByteArrayContent(Encoding.UTF8.GetBytes("plain text")) { Headers = { ContentEncoding = { "gzip" } } }), HttpStatusCode.BadRequest);

    [Fact]
    public async Task Unknown_content_encoding_gets_415()
    {
        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentEncoding.Add("zstd");
        await ShouldFail(await Post(content), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Missing_and_unknown_keys_get_401_and_a_foreign_or_disabled_key_403()
    {
        var id = Envelopes.NewEventId();
        var envelope = Envelopes.Event(id, Envelopes.NodeError(id));
        await ShouldFail(await Post(Envelopes.Content(envelope), "sentry_version=7"), HttpStatusCode.Unauthorized);
        await ShouldFail(await Post(Envelopes.Content(envelope), "sentry_key=0123456789abcdef0123456789abcdef"), HttpStatusCode.Unauthorized);
        await ShouldFail(await client.PostAsync($"/api/{projectId + 1}/envelope/?sentry_key={key}", Envelopes.Content(envelope)), HttpStatusCode.Forbidden);

        await app.WithDbAsync(db => db.ProjectKeys.ExecuteUpdateAsync(s => s.SetProperty(k => k.IsActive, false)));
        await app.Services.GetRequiredService<BugSage.Core.Ingestion.ProjectKeyCache>().ForgetAsync(key);
        await ShouldFail(await Post(Envelopes.Content(envelope)), HttpStatusCode.Forbidden);
        await app.WithDbAsync(db => db.ProjectKeys.ExecuteUpdateAsync(s => s.SetProperty(k => k.IsActive, true)));
        await app.Services.GetRequiredService<BugSage.Core.Ingestion.ProjectKeyCache>().ForgetAsync(key);
    }

    [Fact]
    public async Task A_compression_bomb_gets_413_without_inflating_it_whole()
    {
        // A well-framed envelope whose one item is 200 MiB of zeros: about 200 KiB compressed.
        var content = new ByteArrayContent(await GzipAsync(Encoding.UTF8.GetBytes("{}\n{\"type\":\"attachment\",\"length\":209715200}\n"), 200));
        content.Headers.ContentEncoding.Add("gzip");
        await ShouldFail(await Post(content), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_compression_bomb_without_an_envelope_header_gets_400_at_once()
    {
        // Zeros from the first byte: no header line within 64 KiB, so nothing past that is inflated.
        var content = new ByteArrayContent(await GzipAsync([], 200));
        content.Headers.ContentEncoding.Add("gzip");
        var response = await Post(content);
        await ShouldFail(response, HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("does not start with a header line of at most 65536 bytes");
    }

    [Theory]
    [InlineData("{}", HttpStatusCode.Unauthorized, "missing sentry_key")]
    [InlineData("{\"dsn\":\"http://0123456789abcdef0123456789abcdef@localhost/PROJECT\"}", HttpStatusCode.Unauthorized, "unknown sentry_key")]
    [InlineData("{\"dsn\":\"http://KEY@localhost/OTHER\"}", HttpStatusCode.Forbidden, "the DSN names another project")]
    public async Task A_compressed_envelope_is_refused_for_the_key_in_its_header_before_the_rest_is_inflated(string header, HttpStatusCode status, string reason)
    {
        header = header.Replace("PROJECT", projectId.ToString()).Replace("OTHER", (projectId + 1).ToString()).Replace("KEY", key);
        // The header line, then 64 KiB that do not compress, then a corrupt end: decoding the whole
        // body would answer 400 ("not valid gzip"); the key is refused before the decoder gets there.
        var tail = new byte[64 * 1024];
        new Random(7).NextBytes(tail);
        var body = Envelopes.Compress([.. Encoding.UTF8.GetBytes(header + "\n{\"type\":\"attachment\",\"length\":65536}\n"), .. tail], "gzip");
        body.AsSpan(body.Length - 2048, 1024).Fill(0xFF);
        var content = new ByteArrayContent(body) { Headers = { ContentEncoding = { "gzip" } } };

        var response = await Post(content, "sentry_version=7");

        await ShouldFail(response, status);
        response.Headers.GetValues("X-Sentry-Error").Single().ShouldContain(reason);
    }

    [Fact]
    public async Task A_compressed_envelope_whose_header_carries_a_good_key_is_taken()
    {
        var id = Envelopes.NewEventId();
        // The DSN joins the envelope header, as SDKs that tunnel their envelopes send it.
        var envelope = $"{{\"dsn\":\"http://{key}@localhost/{projectId}\"," + Envelopes.Event(id, Envelopes.NodeError(id))[1..];

        var response = await Post(Envelopes.Content(envelope, "br"), "sentry_version=7");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await app.DigestAsync();
        (await app.WithDbAsync(db => db.Events.CountAsync(e => e.EventId == id))).ShouldBe(1);
    }

    /// <summary>The prefix, then <paramref name="mebibytes"/> MiB of zeros, gzipped.</summary>
    private static async Task<byte[]> GzipAsync(byte[] prefix, int mebibytes)
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(prefix);
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < mebibytes; i++) gzip.Write(zeros);
        }
        compressed.Length.ShouldBeLessThan(256 * 1024);
        return compressed.ToArray();
    }

    [Fact]
    public async Task A_body_over_the_compressed_limit_gets_413_with_or_without_content_length()
    {
        var big = new string('x', 300 * 1024);
        await ShouldFail(await Post(Envelopes.Content(big)), HttpStatusCode.RequestEntityTooLarge);
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentLength = null;
        await ShouldFail(await Post(chunked), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_event_item_over_the_item_limit_gets_413()
    {
        var id = Envelopes.NewEventId();
        var envelope = Envelopes.Event(id, new { message = new string('m', 100 * 1024) });
        await ShouldFail(await Post(Envelopes.Content(envelope, "gzip")), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_acknowledged_event_that_repeats_keys_is_stored_with_the_last_value_and_scrubbed()
    {
        var id = Envelopes.NewEventId();
        var payload = $$$"""{"event_id":"{{{id}}}","message":"first","message":"second","extra":{"password":"hunter2","password":"swordfish"}}""";
        (await Post(Envelopes.Content($"{{\"event_id\":\"{id}\"}}\n{{\"type\":\"event\"}}\n{payload}\n"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.DigestAsync();

        var stored = await app.WithDbAsync(db => db.Events.SingleAsync(e => e.EventId == id));
        stored.Message.ShouldBe("second");
        var json = System.Text.Json.JsonSerializer.Serialize(BugSage.Core.Events.EventJson.Decompress(stored.Payload), BugSage.Core.Events.EventJson.Options);
        json.ShouldContain("\"password\"");
        json.ShouldNotContain("hunter2");
        json.ShouldNotContain("swordfish");
    }

    [Fact]
    public async Task Nothing_that_was_refused_is_stored()
    {
        await Post(Envelopes.Content("garbage"));
        await Post(Envelopes.Content("{}\n{\"type\":\"event\"}\n{\"message\":\"x\"}\n"), "sentry_key=wrong");
        await app.DigestAsync();
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Browser_sdks_get_cors_answers()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/{projectId}/envelope/?sentry_key={key}");
        preflight.Headers.Add("Origin", "https://shop.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        var answer = await client.SendAsync(preflight);
        answer.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        answer.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("*");

        var id = Envelopes.NewEventId();
        var post = new HttpRequestMessage(HttpMethod.Post, $"/api/{projectId}/envelope/?sentry_key={key}") { Content = Envelopes.Content(Envelopes.Event(id, new { message = "from a browser" })) };
        post.Headers.Add("Origin", "https://shop.example.com");
        var response = await client.SendAsync(post);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("*");
    }
}
