using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Processing;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Integrations;

/// <summary>
/// GitHub's <c>pull_request</c> webhook for one linked repository, signed with that repository's
/// own secret (<c>X-Hub-Signature-256</c>): when a pull request BugSage opened for a fix is
/// merged, the fix session records it and its issue resolves in the next release, so a
/// regression after that release reopens it.
/// </summary>
public static class GitHubWebhookApi
{
    private const int MaxBody = 5 * 1024 * 1024;

    public static WebApplication MapGitHubWebhookApi(this WebApplication app)
    {
        app.MapPost("/api/v1/integrations/github/repositories/{repositoryId:long}/webhook", Receive).AllowAnonymous().WithTags("Integrations")
            .WithName("GitHubWebhook").WithSummary("GitHub pull_request events of a linked repository; a merged BugSage fix resolves its issue in the next release");
        return app;
    }

    private static async Task<IResult> Receive(long repositoryId, HttpContext http, AppDbContext db, SecretProtector secrets, AuditLog audit, LiveNotifier notifier,
        TimeProvider clock, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBody) return TypedResults.Problem(title: "The delivery is too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBody) return TypedResults.Problem(title: "The delivery is too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        var body = buffer.ToArray();

        var repository = await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Id == repositoryId, ct);
        // Unknown repository and repository without a secret look the same: nothing to learn here.
        if (repository?.WebhookSecretProtected is not { } sealedSecret || secrets.Unprotect(sealedSecret) is not { } secret) return TypedResults.NotFound();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        var signature = http.Request.Headers["X-Hub-Signature-256"].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
            return TypedResults.Problem(title: "The signature does not match the repository's webhook secret", statusCode: StatusCodes.Status401Unauthorized);

        var kind = http.Request.Headers["X-GitHub-Event"].ToString();
        if (kind == "ping") return TypedResults.Ok(new { received = "ping" });
        if (kind != "pull_request") return TypedResults.Accepted((string?)null, new { ignored = $"{kind} events" });
        int number;
        bool merged;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var pull = root.GetProperty("pull_request");
            merged = root.GetProperty("action").GetString() == "closed" && pull.TryGetProperty("merged", out var m) && m.ValueKind == JsonValueKind.True;
            number = pull.GetProperty("number").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return TypedResults.Problem(title: "Not a pull_request event", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        if (!merged) return TypedResults.Accepted((string?)null, new { ignored = "not a merge" });

        var session = await db.FixSessions.FirstOrDefaultAsync(s => s.RepositoryId == repositoryId && s.PullRequestNumber == number, ct);
        if (session is null) return TypedResults.Accepted((string?)null, new { ignored = "not a BugSage fix" });
        if (session.MergedAt is not null) return TypedResults.Ok(new { session = session.Id, issueId = session.IssueId, alreadyMerged = true });

        session.MergedAt = clock.GetUtcNow().UtcDateTime;
        var issue = await db.Issues.FirstAsync(i => i.Id == session.IssueId, ct);
        var actor = new Actor(null, $"GitHub (pull request #{number.ToString(CultureInfo.InvariantCulture)} merged)");
        if (issue.Status != IssueStatus.Resolved)
            await new IssueTriage(db, clock).ApplyAsync([issue], new IssueUpdate { Status = IssueStatus.Resolved, ResolveInNextRelease = true }, actor, ct);
        db.IssueActivities.Add(IssueActivity.Of(issue.Id, "fix_merged", actor, session.MergedAt.Value, new { session = session.Id, pullRequest = session.PullRequestUrl }));
        audit.Record("fix.merged", session.OrganizationId, target: $"fix-session/{session.Id}", details: new { number, session.PullRequestUrl }, actor: actor.Label);
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new LiveEvent("fix-session.updated", session.ProjectId, session.IssueId, null, "merged", session.Id));
        return TypedResults.Ok(new { session = session.Id, issueId = issue.Id, resolvedInNextRelease = issue.ResolvedInNextRelease });
    }
}
