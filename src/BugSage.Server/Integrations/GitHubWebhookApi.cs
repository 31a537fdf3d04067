using System.Text.Json;
using BugSage.Server.FixSessions;
using BugSage.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BugSage.Server.Integrations;

/// <summary>
/// GitHub's <c>pull_request</c> webhook for one linked repository, signed with that repository's
/// own secret (<c>X-Hub-Signature-256</c>): reads the delivery and hands it to
/// <see cref="PullRequestMergeOperations"/>, which records a merged BugSage fix.
/// </summary>
public static class GitHubWebhookApi
{
    private const int MaxBody = 5 * 1024 * 1024;

    public static IEndpointRouteBuilder MapGitHubWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/integrations/github/repositories/{repositoryId:long}/webhook", Receive).AllowAnonymous().WithTags("Integrations")
            .WithName("GitHubWebhook").WithSummary("GitHub pull_request events of a linked repository; a merged BugSage fix resolves its issue in the next release");
        return app;
    }

    private static async Task<IResult> Receive(long repositoryId, HttpRequest request, PullRequestMergeOperations merges, CancellationToken ct)
    {
        if (await Hosting.CallbackBody.ReadAsync(request, MaxBody, ct) is not { } body) return Hosting.CallbackBody.TooLarge(MaxBody);

        var authenticated = await merges.AuthenticateAsync(repositoryId, body, request.Headers["X-Hub-Signature-256"].ToString(), ct);
        if (authenticated.Value is not { } repository) return authenticated.ToHttp();

        var kind = request.Headers["X-GitHub-Event"].ToString();
        if (kind == "ping") return TypedResults.Ok(new { received = "ping" });
        if (kind != "pull_request") return TypedResults.Accepted((string?)null, new { ignored = $"{kind} events" });
        var deliveryId = request.Headers["X-GitHub-Delivery"].ToString();
        if (deliveryId.Length is 0 or > 100)
            return TypedResults.Problem(title: "X-GitHub-Delivery is missing", detail: "GitHub names every delivery; one without an id cannot be told from a replay.", statusCode: StatusCodes.Status400BadRequest);
        PullRequestDelivery delivery;
        try
        {
            delivery = Parse(deliveryId, body);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return TypedResults.Problem(title: "Not a pull_request event", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        var recorded = await merges.RecordAsync(repository, delivery, ct);
        if (recorded.Value is not { } outcome) return recorded.ToHttp();
        return outcome.OnlyNoted ? TypedResults.Accepted((string?)null, outcome.Body) : TypedResults.Ok(outcome.Body);
    }

    private static PullRequestDelivery Parse(string deliveryId, byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var pull = root.GetProperty("pull_request");
        var merged = root.GetProperty("action").GetString() == "closed" && pull.TryGetProperty("merged", out var m) && m.ValueKind == JsonValueKind.True;
        var fullName = root.TryGetProperty("repository", out var repo) && repo.ValueKind == JsonValueKind.Object
            && repo.TryGetProperty("full_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        return new PullRequestDelivery(deliveryId, pull.GetProperty("number").GetInt32(), merged, fullName);
    }
}
