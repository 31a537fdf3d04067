using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>Builds Sentry envelopes the way SDKs send them.</summary>
public static class Envelopes
{
    public static string NewEventId() => Guid.NewGuid().ToString("N");

    public static string Event(string eventId, object payload, params (string Header, string Body)[] extraItems)
    {
        var json = JsonSerializer.Serialize(payload);
        var sb = new StringBuilder();
        sb.Append($"{{\"event_id\":\"{eventId}\",\"sent_at\":\"2026-01-01T00:00:00Z\",\"sdk\":{{\"name\":\"sentry.javascript.node\",\"version\":\"11.0.0\"}}}}\n");
        sb.Append($"{{\"type\":\"event\",\"length\":{Encoding.UTF8.GetByteCount(json)}}}\n{json}\n");
        foreach (var (header, body) in extraItems) sb.Append(header).Append('\n').Append(body).Append('\n');
        return sb.ToString();
    }

    /// <summary>An error event as @sentry/node reports an uncaught TypeError.</summary>
    public static object NodeError(string eventId, string function = "getUser", int line = 42, string message = "Cannot read properties of undefined (reading 'name')",
        string? release = "app@1.0.0", string? userId = "42", double? timestamp = null, string type = "TypeError", string contextLine = "  return users[id].name;",
        string environment = "production") => new
    {
        event_id = eventId,
        timestamp = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        platform = "node",
        level = "error",
        release,
        environment,
        server_name = "web-1",
        user = userId is null ? null : new { id = userId, email = $"user{userId}@example.com", ip_address = "10.1.2.3" },
        tags = new { route = "/users/:id" },
        request = new { url = "https://api.example.com/users/7?token=abc", method = "GET", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer secret", ["Accept"] = "application/json" } },
        extra = new { card = "4111 1111 1111 1111", password = "hunter2", note = "ok" },
        breadcrumbs = new { values = new[] { new { timestamp = 1700000000.0, category = "http", message = "GET /users/7", level = "info" } } },
        exception = new
        {
            values = new[]
            {
                new
                {
                    type,
                    value = message,
                    mechanism = new { type = "onuncaughtexception", handled = false },
                    stacktrace = new
                    {
                        frames = new object[]
                        {
                            new { filename = "node:internal/process/task_queues", function = "processTicksAndRejections", lineno = 95, in_app = false },
                            new { filename = "/srv/app/node_modules/express/lib/router/layer.js", function = "handle", lineno = 95, in_app = false },
                            new
                            {
                                filename = "/srv/app/src/users.js", function, lineno = line, colno = 20, in_app = true,
                                context_line = contextLine, pre_context = new[] { "function getUser(id) {" }, post_context = new[] { "}" },
                                vars = new { id = 7, secret = "s" },
                            },
                        },
                    },
                },
            },
        },
    };

    public static HttpContent Content(string envelope, string? encoding = null)
    {
        var bytes = Encoding.UTF8.GetBytes(envelope);
        if (encoding is not null) bytes = Compress(bytes, encoding);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-sentry-envelope");
        if (encoding is not null) content.Headers.ContentEncoding.Add(encoding == "deflate-raw" ? "deflate" : encoding);
        return content;
    }

    public static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream stream = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate-raw" => new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentException(encoding),
        })
            stream.Write(data);
        return output.ToArray();
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, long projectId, string key, string envelope, string? encoding = null) =>
        await client.PostAsync($"/api/{projectId}/envelope/?sentry_key={key}&sentry_version=7", Content(envelope, encoding));
}
