using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Outbound;
using BugSage.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.Analysis;

/// <summary>
/// Attack36b, claims A and C: every way a provider can fail (each provider), through the outbound policy's real
/// handler (redirects off, the policy's connect step), is reported in fixed words only, retried only when transient,
/// bounded by MaxRetries, and a refused address is never retried.
/// </summary>
public sealed class Attack36bProviderFailureTests
{
    private const string Key = "sk-attack36b-KEY-7f3a9";
    private const string BodySecret = "BODY-SECRET-91c2";
    private const string Host = "secret-llm.attack36b.test";

    private static readonly Regex Fixed = new(
        "^(primary: )?(the model server answered \\d{3} \\([A-Za-z :,'-]+\\)|the model server was not contacted: its endpoint is a [a-z ]+ address, which this server does not connect to" +
        "|the model server could not be reached( \\((name not resolved|TLS failed)\\))?|the model server did not answer in time|the model's answer is not JSON" +
        "|the model's answer does not fit the schema: [^\\n]*|the model answered without the requested structure|the model's answer could not be read)$");


    private static ModelRequest Request => new("You analyse errors.", "TypeError in getUser", "error_analysis", ModelAnalyst.Schema);

    private static (ScriptedResolver Resolver, HttpClient Http) Outbound()
    {
        var resolver = new ScriptedResolver().Answer(Host, "127.0.0.1").Answer("metadata.attack36b.test", "169.254.169.254").Answer("private.attack36b.test", "10.20.30.40");
        return (resolver, new HttpClient(OutboundHttp.CreateHandler(resolver.Policy("127.0.0.0/8"))) { Timeout = Timeout.InfiniteTimeSpan });
    }

    private static Uri Endpoint(string provider, string scheme, string host, int port) =>
        new(provider == "openai" ? $"{scheme}://{host}:{port}/v1" : $"{scheme}://{host}:{port}");

    private static async Task<(string Failure, IReadOnlyList<ModelAttempt> Attempts)> FailAsync(string provider, Uri endpoint, HttpClient http, int timeoutSeconds = 5, int retries = 2)
    {
        var settings = new ModelSettings("primary", provider, endpoint, "test-model", Key, TimeSpan.FromSeconds(timeoutSeconds), 800, 0.5m, 1.5m, MaxRetries: retries);
        var attempts = new List<ModelAttempt>();
        var chain = new ModelChain([new ChatModel(settings, ChatClients.Create(settings, http))], attempts.Add);
        var outcome = await chain.CompleteJsonAsync(Request, CancellationToken.None);
        outcome.Reply.ShouldBeNull();
        return (outcome.Failures.Single(), attempts);
    }

    private static void Clean(string scenario, string provider, string failure, IReadOnlyList<ModelAttempt> attempts, int port)
    {
        foreach (var text in new[] { failure, attempts.Single().Error! })
        {
            foreach (var secret in new[] { Key, BodySecret, Host, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "scripted" })
                text.ShouldNotContain(secret, Case.Insensitive, $"{provider} {scenario}: {text}");
            Fixed.IsMatch(text).ShouldBeTrue($"{provider} {scenario}: not in the fixed words: {text}");
        }
    }

    private static Task Leaky(HttpContext ctx, int status, string contentType = "application/json")
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        ctx.Response.Headers["x-echo-key"] = Key;
        ctx.Response.Headers["request-id"] = BodySecret;
        var body = $$"""{"error":{"message":"Incorrect API key provided: {{Key}} at {{Host}} {{BodySecret}}","type":"invalid_request_error"},"type":"error"}""";
        return ctx.Response.WriteAsync(body);
    }

    public static TheoryData<string> Providers => new("openai", "anthropic");

    [Theory, MemberData(nameof(Providers))]
    public async Task Attack36b_statuses_with_leaky_bodies_are_fixed_words_and_only_transient_ones_are_retried_up_to_max_retries(string provider)
    {
        var (_, http) = Outbound();
        await using var server = await Attack36bRawServer.StartAsync();
        var port = server.Address.Port;
        var expectedTries = new List<string>();
        // Each provider's own client decides: OpenAI's retries 408, 429, 500, 502, 503 and 504; Anthropic's 408, 409, 429 and every 5xx (docs/analysis.md).
        var anthropicOnly = provider == "openai" ? 1 : 3;
        foreach (var (status, tries) in new[] { (400, 1), (401, 1), (403, 1), (404, 1), (422, 1), (429, 3), (500, 3), (503, 3), (529, anthropicOnly), (408, 3), (409, anthropicOnly) })
        {
            server.Handler = ctx => { ctx.Response.Headers["retry-after"] = "0"; return Leaky(ctx, status); };
            var before = server.Count;
            var (failure, attempts) = await FailAsync(provider, Endpoint(provider, "http", Host, port), http);
            Clean($"status {status}", provider, failure, attempts, port);
            failure.ShouldStartWith($"primary: the model server answered {status} (");
            expectedTries.Add($"{status}: {server.Count - before} requests (expected {tries})");
        }
        foreach (var line in expectedTries)
        {
            var m = Regex.Match(line, "^(\\d+): (\\d+) requests \\(expected (\\d+)\\)$");
            m.Groups[2].Value.ShouldBe(m.Groups[3].Value, $"{provider}: {line} (docs: what each provider's client retries, up to MaxRetries=2; others once)");
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Attack36b_a_redirect_to_another_host_is_not_followed_and_is_reported_in_fixed_words(string provider)
    {
        var (_, http) = Outbound();
        await using var elsewhere = await Attack36bRawServer.StartAsync(ctx => Leaky(ctx, 200));
        await using var server = await Attack36bRawServer.StartAsync();
        foreach (var status in new[] { 301, 302, 307, 308 })
        {
            server.Handler = ctx =>
            {
                ctx.Response.StatusCode = status;
                ctx.Response.Headers.Location = $"http://{Host}:{elsewhere.Address.Port}/v1/{(provider == "openai" ? "chat/completions" : "messages")}?stolen={BodySecret}";
                return ctx.Response.WriteAsync($"Moved to {Host} {BodySecret}");
            };
            var (failure, attempts) = await FailAsync(provider, Endpoint(provider, "http", Host, server.Address.Port), http);
            Clean($"redirect {status}", provider, failure, attempts, server.Address.Port);
            failure.ShouldContain("redirects are not followed");
        }
        elsewhere.Count.ShouldBe(0, "a redirect must never be followed to another host");
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Attack36b_garbage_200s_are_fixed_words(string provider)
    {
        var (_, http) = Outbound();
        await using var server = await Attack36bRawServer.StartAsync();
        var bodies = new (string Name, string ContentType, string Body)[]
        {
            ("200 not json", "application/json", $"<html>{Key} {Host} {BodySecret}</html>"),
            ("200 truncated json", "application/json", $$$"""{"id":"x","choices":[{"message":{"content":"{{{Key}}} {{{BodySecret}}}"""),
            ("200 error object", "application/json", $$$"""{"error":{"message":"{{{Key}}} {{{Host}}} {{{BodySecret}}}"}}"""),
            ("200 wrong types", "application/json", $$$"""{"id":5,"choices":"{{{BodySecret}}}","content":7,"model":{"k":"{{{Key}}}"}}"""),
            ("200 empty", "application/json", ""),
            ("200 html", "text/html", $"<p>{Key} {BodySecret}</p>"),
            ("200 json null", "application/json", "null"),
            ("200 json array", "application/json", $"[\"{Key}\"]"),
            ("200 text answer with secret", "application/json", provider == "openai"
                ? $$$"""{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"{{{Key}}} {{{BodySecret}}} {{{Host}}}"}}]}"""
                : $$$"""{"id":"m","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"{{{Key}}} {{{BodySecret}}}"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}"""),
            ("200 misfit with secret", "application/json", provider == "openai"
                ? $$$"""{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"{\"{{{Key}}}\":1,\"summary\":\"{{{BodySecret}}}\"}"}}]}"""
                : $$$"""{"id":"m","type":"message","role":"assistant","model":"m","content":[{"type":"tool_use","id":"t","name":"error_analysis","input":{"{{{Key}}}":1,"category":"{{{BodySecret}}}"}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}"""),
        };
        foreach (var (name, type, body) in bodies)
        {
            server.Handler = ctx => { ctx.Response.StatusCode = 200; ctx.Response.ContentType = type; return ctx.Response.WriteAsync(body); };
            var (failure, attempts) = await FailAsync(provider, Endpoint(provider, "http", Host, server.Address.Port), http);
            Clean(name, provider, failure, attempts, server.Address.Port);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Attack36b_connection_refused_dns_tls_and_dropped_connections_are_fixed_words(string provider)
    {
        var (_, http) = Outbound();
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var (refused, a1) = await FailAsync(provider, Endpoint(provider, "http", Host, closedPort), http, retries: 0);
        Clean("connection refused", provider, refused, a1, closedPort);
        refused.ShouldBe("primary: the model server could not be reached");

        var (dns, a2) = await FailAsync(provider, Endpoint(provider, "http", "nowhere.attack36b.test", 443), http, retries: 0);
        Clean("dns failure", provider, dns, a2, 443);
        dns.ShouldBe("primary: the model server could not be reached (name not resolved)");

        await using var plain = await Attack36bRawServer.StartAsync(ctx => Leaky(ctx, 200));
        var (tls, a3) = await FailAsync(provider, Endpoint(provider, "https", Host, plain.Address.Port), http, retries: 0);
        Clean("tls failure", provider, tls, a3, plain.Address.Port);
        tls.ShouldBe("primary: the model server could not be reached (TLS failed)");

        await using var dropper = await Attack36bRawServer.StartAsync(async ctx =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($"{{\"id\":\"{Key}\",\"choices\":[");
            await ctx.Response.Body.FlushAsync();
            ctx.Abort();
        });
        var (dropped, a4) = await FailAsync(provider, Endpoint(provider, "http", Host, dropper.Address.Port), http, retries: 0);
        Clean("dropped mid-body", provider, dropped, a4, dropper.Address.Port);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Attack36b_a_server_that_never_answers_is_did_not_answer_in_time(string provider)
    {
        var (_, http) = Outbound();
        await using var slow = await Attack36bRawServer.StartAsync(async ctx => await Task.Delay(TimeSpan.FromSeconds(20), ctx.RequestAborted));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (failure, attempts) = await FailAsync(provider, Endpoint(provider, "http", Host, slow.Address.Port), http, timeoutSeconds: 1, retries: 1);
        Clean("timeout", provider, failure, attempts, slow.Address.Port);
        failure.ShouldBe("primary: the model server did not answer in time");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8), "bounded by the timeout and its retries");
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Attack36b_a_refused_address_is_never_connected_nor_retried(string provider)
    {
        foreach (var (host, kind) in new[] { ("metadata.attack36b.test", "cloud metadata"), ("private.attack36b.test", "private") })
        {
            var (resolver, http) = Outbound();
            var (failure, attempts) = await FailAsync(provider, Endpoint(provider, "http", host, 80), http, retries: 2);
            failure.ShouldBe($"primary: the model server was not contacted: its endpoint is a {kind} address, which this server does not connect to");
            // OpenAI's client is told a refusal is final; Anthropic's retries it as any connection failure, each try refused again before it connects.
            resolver.Lookups(host).ShouldBe(provider == "openai" ? 1 : 3, $"{provider}: a refused {kind} address (each retry resolves again)");
        }

        // Loopback, when not allowed: the policy without the test allowance.
        var strictResolver = new ScriptedResolver().Answer("loop.attack36b.test", "127.0.0.1");
        using var strict = new HttpClient(OutboundHttp.CreateHandler(strictResolver.Policy())) { Timeout = Timeout.InfiniteTimeSpan };
        await using var server = await Attack36bRawServer.StartAsync(ctx => Leaky(ctx, 200));
        var (loop, _) = await FailAsync(provider, Endpoint(provider, "http", "loop.attack36b.test", server.Address.Port), strict, retries: 2);
        loop.ShouldBe("primary: the model server was not contacted: its endpoint is a loopback address, which this server does not connect to");
        server.Count.ShouldBe(0);
        strictResolver.Lookups("loop.attack36b.test").ShouldBe(provider == "openai" ? 1 : 3, $"{provider}: a refused loopback address");
    }
}
