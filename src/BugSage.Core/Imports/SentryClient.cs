using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Outbound;

namespace BugSage.Core.Imports;

/// <summary>One page of a Sentry list, and the cursor of the next (null on the last).</summary>
public sealed record SentryPage(JsonArray Items, string? NextCursor);

/// <summary>
/// Reads Sentry's web API (<c>/api/0/…</c>) with a bearer token, through the outbound address
/// policy like every connection made for a tenant. Pages are requested by cursor against the
/// configured server only: a <c>Link</c> header's URL is never followed, so an answer cannot send
/// the token elsewhere.
/// </summary>
public sealed class SentryClient(HttpClient http, Uri server, string token)
{
    public const string ClientName = "sentry-import";
    private static readonly TimeSpan RequestLimit = TimeSpan.FromSeconds(60);
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    /// <summary>A list page; <paramref name="path"/> is relative to <c>/api/0/</c> and may hold a query.</summary>
    public async Task<SentryPage> PageAsync(string path, string? cursor, CancellationToken ct)
    {
        var target = cursor is null ? path : path + (path.Contains('?') ? "&" : "?") + "cursor=" + Uri.EscapeDataString(cursor);
        var (body, links) = await GetAsync(target, ct);
        return body is JsonArray items
            ? new SentryPage(items, SentryLinks.NextCursor(links))
            : throw new SentryApiException($"Sentry answered something other than a list for {Described(path)}");
    }

    /// <summary>A single object.</summary>
    public async Task<JsonObject> ObjectAsync(string path, CancellationToken ct)
    {
        var (body, _) = await GetAsync(path, ct);
        return body as JsonObject ?? throw new SentryApiException($"Sentry answered something other than an object for {Described(path)}");
    }

    private async Task<(JsonNode? Body, IEnumerable<string> Links)> GetAsync(string pathAndQuery, CancellationToken ct)
    {
        var url = new Uri(server, "api/0/" + pathAndQuery.TrimStart('/'));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(RequestLimit);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var code = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) throw new SentryApiException(Refusal(code, pathAndQuery), code);
            if (response.Content.Headers.ContentLength > MaxBodyBytes) throw new SentryApiException($"Sentry's answer for {Described(pathAndQuery)} is larger than {MaxBodyBytes / 1024 / 1024} MB");
            await using var stream = await response.Content.ReadAsStreamAsync(limit.Token);
            using var bounded = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0)
            {
                if (bounded.Length + read > MaxBodyBytes) throw new SentryApiException($"Sentry's answer for {Described(pathAndQuery)} is larger than {MaxBodyBytes / 1024 / 1024} MB");
                bounded.Write(buffer, 0, read);
            }
            var links = response.Headers.TryGetValues("Link", out var values) ? values.ToList() : [];
            try
            {
                return (JsonNode.Parse(bounded.GetBuffer().AsSpan(0, (int)bounded.Length), documentOptions: new JsonDocumentOptions { MaxDepth = 128 }), links);
            }
            catch (JsonException)
            {
                throw new SentryApiException($"Sentry's answer for {Described(pathAndQuery)} is not JSON");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SentryApiException($"{server.Host} did not answer {Described(pathAndQuery)} within {RequestLimit.TotalSeconds} s");
        }
        catch (HttpRequestException e) when (Innermost(e) is OutboundRefusedException refused)
        {
            throw new SentryApiException(refused.Message);
        }
        catch (HttpRequestException e)
        {
            throw new SentryApiException($"{server.Host} could not be reached: {e.HttpRequestError}");
        }
    }

    private string Refusal(int code, string path) => code switch
    {
        401 => $"Sentry refused the token ({code}): check that it is valid and has the org:read, project:read and event:read scopes",
        403 => $"Sentry refused the token ({code}) for {Described(path)}: it lacks a scope (org:read, project:read, event:read) or access to that project",
        404 => $"Sentry answered 404 for {Described(path)}: check the organization slug and the server URL",
        429 => $"Sentry is rate limiting this token (429) at {Described(path)}: resume the import later to go on from there",
        _ => $"Sentry answered {code} for {Described(path)}: resume the import to go on from there",
    };

    /// <summary>The path without its query, which may hold a cursor or search terms that add nothing to an error.</summary>
    private static string Described(string path) => "/api/0/" + path.Split('?')[0].TrimStart('/');

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
