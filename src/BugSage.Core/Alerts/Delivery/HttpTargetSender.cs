using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Configuration;
using BugSage.Core.Outbound;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Alerts.Delivery;

/// <summary>
/// Posts a notification to a webhook-style target through <see cref="IHttpClientFactory"/>, so the
/// outbound address policy decides what it may connect to. Generic webhooks are signed per the
/// Standard Webhooks specification with the delivery's id, which stays the same across retries.
/// </summary>
public sealed class HttpTargetSender(IHttpClientFactory clients, TimeProvider clock, IOptions<AlertOptions> options)
{
    public const string ClientName = "alerts";

    /// <param name="previousSecret">The secret before a rotation, while it still overlaps: its signature is sent beside the new one's.</param>
    /// <param name="messageId">The <c>webhook-id</c> when the message is not an alert delivery's (a scheduled report's), so receivers that drop repeats never confuse the two.</param>
    public async Task<SendOutcome> SendAsync(long deliveryId, string kind, Notification notification, string url, string? secret, CancellationToken ct, string? previousSecret = null,
        string? messageId = null)
    {
        var body = kind switch
        {
            IntegrationKinds.Slack => ChatMessages.Slack(notification),
            IntegrationKinds.Teams => ChatMessages.Teams(notification),
            IntegrationKinds.Discord => ChatMessages.Discord(notification),
            _ => GenericPayload.Serialize(notification),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (kind == IntegrationKinds.Webhook)
        {
            var id = messageId ?? $"msg_{deliveryId}";
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (secret is not null)
                request.Headers.Add("webhook-signature", StandardWebhook.Sign(secret, id, timestamp, body)
                    + (previousSecret is not null ? " " + StandardWebhook.Sign(previousSecret, id, timestamp, body) : ""));
        }
        var client = clients.CreateClient(ClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return SendOutcome.Ok(code);
            var retryable = code is 408 or 425 or 429 or >= 500;
            return new SendOutcome(false, code, $"answered {code} {response.ReasonPhrase}".Truncate(200), retryable, RetryAfter(response.Headers.RetryAfter));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome(false, null, $"no answer within {options.Value.RequestTimeoutSeconds} s", true);
        }
        catch (HttpRequestException e) when (Innermost(e) is OutboundRefusedException refused)
        {
            // The policy will refuse the same address next time: not worth retrying.
            return new SendOutcome(false, null, refused.Message, false);
        }
        catch (HttpRequestException e)
        {
            // The message of a connection failure can carry the URL, which for chat webhooks is the secret.
            return new SendOutcome(false, null, $"request failed: {e.HttpRequestError}", true);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };
}
