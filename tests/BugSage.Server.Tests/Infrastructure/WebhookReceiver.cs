using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on a loopback port: records every request and answers from a script (the
/// last answer repeating; 200 when none). <see cref="Verify"/> checks a Standard Webhooks
/// signature the way a receiver's own code would, independently of the server's signer.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication app = null!;
    private readonly ConcurrentQueue<Func<HttpResponse, Task>> script = new();
    private Func<HttpResponse, Task>? last;

    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    public ConcurrentQueue<Received> Requests { get; } = new();
    public Uri Address { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        (receiver.app, receiver.Address) = await LoopbackApp.StartAsync(app => app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            receiver.Requests.Enqueue(new Received(http.Request.Path, http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body));
            var answer = receiver.script.TryDequeue(out var next) ? receiver.last = next : receiver.last;
            if (answer is null) http.Response.StatusCode = 200;
            else await answer(http.Response);
        }));
        return receiver;
    }

    /// <summary>Queues the status code (and optional Retry-After seconds) of the next answer.</summary>
    public WebhookReceiver Then(int status, int? retryAfterSeconds = null)
    {
        script.Enqueue(response =>
        {
            response.StatusCode = status;
            if (retryAfterSeconds is { } seconds) response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return this;
    }

    public string Url(string path = "hook") => new Uri(Address, path).ToString();

    /// <summary>Whether the request carries a valid <c>v1</c> signature for <paramref name="secret"/> over id, timestamp and body.</summary>
    public static bool Verify(Received request, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = $"{request.Headers["webhook-id"]}.{request.Headers["webhook-timestamp"]}.{request.Body}";
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed)));
        return request.Headers["webhook-signature"].Split(' ').Any(s => s == "v1," + expected);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
