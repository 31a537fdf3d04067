using System.Text.Json;
using BugSage.Server.Alerts;
using BugSage.Server.Operations;

namespace BugSage.Server.Integrations;

/// <summary>
/// Slack's interactivity request URL for one bot-mode integration: reads the signed form post and
/// hands the pressed button to <see cref="SlackInteractionOperations"/>.
/// </summary>
public static class SlackInteractionsApi
{
    private const int MaxBody = 1024 * 1024;

    public static IEndpointRouteBuilder MapSlackInteractionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/integrations/slack/{integrationId:long}/interactions", Receive).AllowAnonymous().DisableAntiforgery().WithTags("Integrations")
            .WithName("SlackInteractions").WithSummary("Buttons pressed on BugSage messages in Slack (resolve, ignore, assign to me), signed by the Slack app");
        return app;
    }

    private static async Task<IResult> Receive(long integrationId, HttpRequest request, SlackInteractionOperations slack, CancellationToken ct)
    {
        if (await Hosting.CallbackBody.ReadAsync(request, MaxBody, ct) is not { } body) return Hosting.CallbackBody.TooLarge(MaxBody);

        var authenticated = await slack.AuthenticateAsync(integrationId, body, request.Headers["X-Slack-Request-Timestamp"].ToString(),
            request.Headers["X-Slack-Signature"].ToString(), ct);
        if (authenticated.Value is not { } integration) return authenticated.ToHttp();
        if (Button(body) is not { } button)
            return TypedResults.Problem(title: "Not a Slack block action", detail: "Expected a form field payload holding a block_actions interaction with one action.",
                statusCode: StatusCodes.Status400BadRequest);
        var said = await slack.PressAsync(integration, button, ct);
        return TypedResults.Ok(new { response_type = "ephemeral", replace_original = false, text = said });
    }

    /// <summary>The first action of a <c>block_actions</c> payload, or null when the body is not one.</summary>
    private static SlackButton? Button(byte[] body)
    {
        try
        {
            var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
            if (!form.TryGetValue("payload", out var payload) || payload.Count != 1) return null;
            using var json = JsonDocument.Parse(payload[0]!);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "block_actions") return null;
            if (!root.TryGetProperty("user", out var user) || Text(user, "id") is not { } userId) return null;
            if (!root.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0) return null;
            var action = actions[0];
            return Text(action, "action_id") is { } actionId && Text(action, "value") is { } value
                ? new SlackButton(userId, actionId, value, Text(root, "response_url"))
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
