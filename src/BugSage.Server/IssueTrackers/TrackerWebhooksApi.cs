using System.Security.Cryptography;
using System.Text.Json;
using BugSage.Core.Alerts;
using BugSage.Core.IssueTrackers;
using BugSage.Server.Operations;

namespace BugSage.Server.IssueTrackers;

/// <summary>
/// The webhooks GitHub and Jira send for an issue-tracker integration, each signed with that
/// integration's secret: reads the delivery and hands what it says to <see cref="TrackerWebhookOperations"/>.
/// Unknown integration: 404; missing or wrong signature: 401; a body that is not the event: 400.
/// </summary>
public static class TrackerWebhooksApi
{
    private const int MaxBody = 5 * 1024 * 1024;

    public static IEndpointRouteBuilder MapTrackerWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/integrations/github/{integrationId:long}/webhook", GitHub).AllowAnonymous().WithTags("Issue trackers")
            .WithName("GitHubIssuesWebhook").WithSummary("GitHub issues events (X-Hub-Signature-256): closed resolves the linked BugSage issue, reopened unresolves it");
        app.MapPost("/api/v1/integrations/jira/{integrationId:long}/webhook", Jira).AllowAnonymous().WithTags("Issue trackers")
            .WithName("JiraWebhook").WithSummary("Jira issue_updated events (X-Hub-Signature): into a done status resolves the linked BugSage issue, out of one unresolves it");
        return app;
    }

    private static async Task<IResult> GitHub(long integrationId, HttpRequest request, TrackerWebhookOperations webhooks, CancellationToken ct)
    {
        if (await Hosting.CallbackBody.ReadAsync(request, MaxBody, ct) is not { } body) return Hosting.CallbackBody.TooLarge(MaxBody);
        var authenticated = await webhooks.AuthenticateAsync(integrationId, IntegrationKinds.GitHub, body, request.Headers["X-Hub-Signature-256"].ToString(), ct);
        if (authenticated.Value is not { } integration) return authenticated.ToHttp();
        var kind = request.Headers["X-GitHub-Event"].ToString();
        if (kind == "ping") return TypedResults.Ok(new { received = "ping" });
        if (kind != "issues") return TypedResults.Accepted((string?)null, new { ignored = $"{kind} events" });
        var deliveryId = request.Headers["X-GitHub-Delivery"].ToString();
        if (deliveryId.Length is 0 or > 100)
            return TypedResults.Problem(title: "X-GitHub-Delivery is missing", detail: "GitHub names every delivery; one without an id cannot be told from a replay.", statusCode: StatusCodes.Status400BadRequest);
        TrackerChange change;
        try
        {
            change = ParseGitHub(deliveryId, body, TrackerSettings.Of(integration).Repository);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return TypedResults.Problem(title: "Not an issues event", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        return (await webhooks.ApplyAsync(integration, change, ct)).ToHttp();
    }

    private static async Task<IResult> Jira(long integrationId, HttpRequest request, TrackerWebhookOperations webhooks, CancellationToken ct)
    {
        if (await Hosting.CallbackBody.ReadAsync(request, MaxBody, ct) is not { } body) return Hosting.CallbackBody.TooLarge(MaxBody);
        var authenticated = await webhooks.AuthenticateAsync(integrationId, IntegrationKinds.Jira, body, request.Headers["X-Hub-Signature"].ToString(), ct);
        if (authenticated.Value is not { } integration) return authenticated.ToHttp();
        // Jira names deliveries in this header; without it, the signed body (which carries its timestamp) names itself.
        var deliveryId = request.Headers["X-Atlassian-Webhook-Identifier"].ToString() is { Length: > 0 and <= 100 } given
            ? given
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body))[..64];
        TrackerChange change;
        try
        {
            change = ParseJira(deliveryId, body);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return TypedResults.Problem(title: "Not a Jira issue event", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        return (await webhooks.ApplyAsync(integration, change, ct)).ToHttp();
    }

    private static TrackerChange ParseGitHub(string deliveryId, byte[] body, string? repository)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var action = root.GetProperty("action").GetString();
        var number = root.GetProperty("issue").GetProperty("number").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fullName = root.TryGetProperty("repository", out var repo) && repo.ValueKind == JsonValueKind.Object
            && repo.TryGetProperty("full_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        // Integrations may share a secret: a genuine delivery for another repository is not about this one's issues.
        if (!string.Equals(fullName, repository, StringComparison.OrdinalIgnoreCase)) return new TrackerChange(deliveryId, null, null, $"an event of {fullName}, not {repository}");
        bool? closed = action switch { "closed" => true, "reopened" => false, _ => null };
        return new TrackerChange(deliveryId, number, closed, closed is null ? $"{action} events" : null);
    }

    private static TrackerChange ParseJira(string deliveryId, byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var kind = root.GetProperty("webhookEvent").GetString();
        if (kind != "jira:issue_updated") return new TrackerChange(deliveryId, null, null, $"{kind} events");
        var issue = root.GetProperty("issue");
        var key = issue.GetProperty("key").GetString() ?? throw new FormatException("issue.key is not a string");
        var statusChanged = root.TryGetProperty("changelog", out var changelog) && changelog.ValueKind == JsonValueKind.Object
            && changelog.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            && items.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.Object && i.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == "status");
        if (!statusChanged) return new TrackerChange(deliveryId, key, null, "no status change");
        var category = issue.GetProperty("fields").GetProperty("status").GetProperty("statusCategory").GetProperty("key").GetString();
        return new TrackerChange(deliveryId, key, category == "done");
    }
}
