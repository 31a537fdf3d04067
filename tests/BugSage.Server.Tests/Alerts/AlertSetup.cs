using System.Net;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Alerts;

/// <summary>Integrations and rules made through the API, as a person would.</summary>
internal static class AlertSetup
{
    /// <summary>A generic webhook to the receiver; its id and the signing secret shown once.</summary>
    public static async Task<(long Id, string Secret)> WebhookAsync(HttpClient api, long projectId, WebhookReceiver receiver, string kind = "webhook")
    {
        var response = await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind, name = $"{kind} receiver", url = receiver.Url(kind) });
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
        return (body["id"].Long(), body["secret"]?.GetValue<string>() ?? "");
    }

    public static async Task<JsonNode> RuleAsync(HttpClient api, long projectId, object rule)
    {
        var response = await api.PostJsonAsync($"/api/v1/projects/{projectId}/alert-rules", rule);
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
        return body;
    }

    /// <summary>A rule sending <paramref name="trigger"/> to one integration, unthrottled unless said.</summary>
    public static Task<JsonNode> RuleToAsync(HttpClient api, long projectId, long integrationId, string trigger, object? conditions = null,
        int? threshold = null, int? windowMinutes = null, int issueIntervalMinutes = 0, int maxFiringsPerHour = 1000) =>
        RuleAsync(api, projectId, new
        {
            name = $"{trigger} rule", trigger, threshold, windowMinutes, conditions, issueIntervalMinutes, maxFiringsPerHour,
            actions = new[] { new { target = "integration", integrationId } },
        });

    /// <summary>The payloads the receiver got, parsed.</summary>
    public static List<JsonNode> Payloads(WebhookReceiver receiver) => receiver.Requests.Select(r => JsonNode.Parse(r.Body)!).ToList();
}
