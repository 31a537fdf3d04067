using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BugSage.Core.Configuration;
using BugSage.Core.Outbound;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Alerts.Delivery;

/// <summary>
/// The two calls of Slack's Web API that bot mode needs: posting a message to a channel, and
/// reading a user's email (to map a button press to a BugSage user). Slack answers 200 with
/// <c>ok: false</c> and an error code for most failures; those are failures here, retried only
/// when waiting can help (<c>ratelimited</c>, or an HTTP 429/5xx). Requests go through the alerts
/// client, so the outbound address policy applies.
/// </summary>
public sealed class SlackApi(IHttpClientFactory clients, IOptions<AlertOptions> options)
{
    public async Task<SendOutcome> PostMessageAsync(string token, string channel, string message, CancellationToken ct)
    {
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(message)!;
        body["channel"] = JsonSerializer.SerializeToElement(channel);
        try
        {
            var (status, json, retryAfter) = await CallAsync(HttpMethod.Post, "chat.postMessage", token, JsonSerializer.Serialize(body), ct);
            if (status is 429 or >= 500) return new SendOutcome(false, status, $"Slack answered {status}", true, retryAfter);
            if (json is null) return new SendOutcome(false, status, $"Slack answered {status} without JSON", status is 408);
            if (json.Value.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True) return SendOutcome.Ok(status);
            var error = json.Value.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : "unknown";
            // Slack's error codes name the fault (channel_not_found, invalid_auth, not_in_channel): only a rate limit passes by waiting.
            return new SendOutcome(false, status, $"Slack refused the message: {error}".Truncate(200), error == "ratelimited", retryAfter);
        }
        catch (HttpRequestException e) when (Innermost(e) is OutboundRefusedException refused)
        {
            return new SendOutcome(false, null, refused.Message, false);
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome(false, null, $"request failed: {e.HttpRequestError}", true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome(false, null, $"no answer within {options.Value.RequestTimeoutSeconds} s", true);
        }
    }

    /// <summary>Answers a button press in the channel, seen only by who pressed it; best effort (the change is made either way).</summary>
    public async Task<bool> RespondAsync(string responseUrl, string text, CancellationToken ct)
    {
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")) return false;
        var json = JsonSerializer.Serialize(new { response_type = "ephemeral", replace_original = false, text });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds));
        try
        {
            using var response = await clients.CreateClient(HttpTargetSender.ClientName)
                .PostAsync(uri, new StringContent(json, Encoding.UTF8, "application/json"), timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>The user's email (the app needs <c>users:read.email</c>), or null when Slack does not say:
    /// Slack unreachable, slow or answering an odd shape reads as "not said", never as an exception.</summary>
    public async Task<string?> UserEmailAsync(string token, string userId, CancellationToken ct)
    {
        JsonElement? json;
        try
        {
            (_, json, _) = await CallAsync(HttpMethod.Get, "users.info?user=" + Uri.EscapeDataString(userId), token, null, ct);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
        return json is { ValueKind: JsonValueKind.Object } j && j.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True
               && j.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object
               && user.TryGetProperty("profile", out var profile) && profile.ValueKind == JsonValueKind.Object
               && profile.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String
            ? email.GetString()
            : null;
    }

    private async Task<(int Status, JsonElement? Json, TimeSpan? RetryAfter)> CallAsync(HttpMethod method, string path, string token, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(new Uri(options.Value.SlackApiUrl.TrimEnd('/') + "/"), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds));
        using var response = await clients.CreateClient(HttpTargetSender.ClientName).SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        JsonElement? parsed = null;
        try { if (text.Length is > 0 and < 1_000_000) parsed = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { /* not JSON: said by the caller */ }
        return ((int)response.StatusCode, parsed, response.Headers.RetryAfter?.Delta);
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
