using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BugSage.Core.Autofix.Sessions;
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
/// regression after that release reopens it. A delivery counts only for the repository it names
/// (<c>repository.full_name</c>) and only once (<c>X-GitHub-Delivery</c>).
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
        var deliveryId = http.Request.Headers["X-GitHub-Delivery"].ToString();
        if (deliveryId.Length is 0 or > 100)
            return TypedResults.Problem(title: "X-GitHub-Delivery is missing", detail: "GitHub names every delivery; one without an id cannot be told from a replay.", statusCode: StatusCodes.Status400BadRequest);
        int number;
        bool merged;
        string? fullName;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var pull = root.GetProperty("pull_request");
            merged = root.GetProperty("action").GetString() == "closed" && pull.TryGetProperty("merged", out var m) && m.ValueKind == JsonValueKind.True;
            number = pull.GetProperty("number").GetInt32();
            fullName = root.TryGetProperty("repository", out var repo) && repo.ValueKind == JsonValueKind.Object
                && repo.TryGetProperty("full_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return TypedResults.Problem(title: "Not a pull_request event", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        // Links may share a secret: a genuine delivery for one repository, replayed to another link, is not that link's.
        if (FixShipper.GitHubSlug(repository, repository.Url) is not { } linked || !string.Equals(fullName, linked, StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(title: "The delivery is for another repository", detail: "Its repository.full_name is not the linked GitHub repository.", statusCode: StatusCodes.Status404NotFound);

        var now = clock.GetUtcNow().UtcDateTime;
        var forgotten = now - GitHubDelivery.Retention;
        await db.GitHubDeliveries.Where(d => d.ReceivedAt < forgotten).ExecuteDeleteAsync(ct);
        if (await db.GitHubDeliveries.AnyAsync(d => d.DeliveryId == deliveryId, ct)) return Duplicate(deliveryId);
        // Recorded in the same save as whatever the delivery changes: a delivery that failed half-way can be redelivered.
        db.GitHubDeliveries.Add(new GitHubDelivery { DeliveryId = deliveryId, RepositoryId = repositoryId, ReceivedAt = now });
        if (!merged) return await SaveOnceAsync(db, deliveryId, ct) ? TypedResults.Accepted((string?)null, new { ignored = "not a merge" }) : Duplicate(deliveryId);

        var session = await db.FixSessions.FirstOrDefaultAsync(s => s.RepositoryId == repositoryId && s.PullRequestNumber == number, ct);
        if (session is null) return await SaveOnceAsync(db, deliveryId, ct) ? TypedResults.Accepted((string?)null, new { ignored = "not a BugSage fix" }) : Duplicate(deliveryId);
        if (session.MergedAt is not null) return await SaveOnceAsync(db, deliveryId, ct) ? TypedResults.Ok(new { session = session.Id, issueId = session.IssueId, alreadyMerged = true }) : Duplicate(deliveryId);

        session.MergedAt = now;
        var issue = await db.Issues.FirstAsync(i => i.Id == session.IssueId, ct);
        var actor = new Actor(null, $"GitHub (pull request #{number.ToString(CultureInfo.InvariantCulture)} merged)");
        if (issue.Status != IssueStatus.Resolved)
            await new IssueTriage(db, clock).ApplyAsync([issue], new IssueUpdate { Status = IssueStatus.Resolved, ResolveInNextRelease = true }, actor, ct);
        db.IssueActivities.Add(IssueActivity.Of(issue.Id, "fix_merged", actor, session.MergedAt.Value, new { session = session.Id, pullRequest = session.PullRequestUrl }));
        audit.Record("fix.merged", session.OrganizationId, target: $"fix-session/{session.Id}", details: new { number, session.PullRequestUrl, deliveryId }, actor: actor.Label);
        if (!await SaveOnceAsync(db, deliveryId, ct)) return Duplicate(deliveryId);
        await notifier.PublishAsync(new LiveEvent("fix-session.updated", session.ProjectId, session.IssueId, null, "merged", session.Id));
        return TypedResults.Ok(new { session = session.Id, issueId = issue.Id, resolvedInNextRelease = issue.ResolvedInNextRelease });
    }

    private static IResult Duplicate(string deliveryId) => TypedResults.Ok(new { duplicate = deliveryId });

    /// <summary>Saves the delivery with its changes; false when a concurrent twin saved first (nothing of this one is kept).</summary>
    private static async Task<bool> SaveOnceAsync(AppDbContext db, string deliveryId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.GitHubDeliveries.AnyAsync(d => d.DeliveryId == deliveryId, ct)) return false;
            throw;
        }
    }
}
