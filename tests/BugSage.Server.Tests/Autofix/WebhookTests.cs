using System.Net;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Issues;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Autofix;

/// <summary>GitHub deliveries count only for the repository they name, and only once per delivery id.</summary>
public sealed class WebhookTests : IDisposable
{
    private const string Secret = "shared-hook-secret";
    private readonly TestRepository shop = new();
    private readonly TestRepository other = new();

    public void Dispose()
    {
        shop.Dispose();
        other.Dispose();
    }

    private static string Merged(string repository) =>
        $$$"""{"action":"closed","number":7,"pull_request":{"number":7,"merged":true},"repository":{"id":1,"full_name":"{{{repository}}}"}}""";

    /// <summary>Two links sharing a webhook secret; the first has a fix session whose pull request #7 is open.</summary>
    private async Task<(string ShopHook, string OtherHook, long SessionId, long IssueId)> ArrangeAsync(BugSageFactory app)
    {
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("checkout", 1);
        async Task<long> LinkAsync(string name, string path, string slug) =>
            (await (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name, path, webhookSecret = Secret, gitHubRepository = slug })).ReadJsonAsync())["id"].Long();
        var shopId = await LinkAsync("shop", shop.Path, "acme/shop");
        var otherId = await LinkAsync("other", other.Path, "acme/other");
        var (sessionId, issueId) = await app.WithDbAsync(async db =>
        {
            var issue = await db.Issues.SingleAsync();
            var organizationId = await db.Projects.Where(p => p.Id == projectId).Select(p => p.OrganizationId).SingleAsync();
            var session = new FixSession
            {
                IssueId = issue.Id, ProjectId = projectId, OrganizationId = organizationId, RequestedBy = BugSageFactory.AdminEmail, RepositoryId = shopId,
                Status = FixSessionStatus.Applied, Pushed = true, PullRequestNumber = 7, PullRequestUrl = "https://github.com/acme/shop/pull/7", CreatedAt = DateTime.UtcNow,
            };
            db.Add(session);
            await db.SaveChangesAsync();
            return (session.Id, issue.Id);
        });
        return ($"/api/v1/integrations/github/repositories/{shopId}/webhook", $"/api/v1/integrations/github/repositories/{otherId}/webhook", sessionId, issueId);
    }

    /// <summary>Everything a merge delivery changes.</summary>
    private static Task<List<string>> StateAsync(BugSageFactory app, long sessionId, long issueId) => app.WithDbAsync(async db =>
    {
        var rows = new List<string>
        {
            $"session {await db.FixSessions.Where(s => s.Id == sessionId).Select(s => s.MergedAt).SingleAsync()}",
            $"issue {await db.Issues.Where(i => i.Id == issueId).Select(i => $"{i.Status} {i.ResolvedInNextRelease}").SingleAsync()}",
        };
        rows.AddRange(await db.IssueActivities.Where(a => a.IssueId == issueId).OrderBy(a => a.Id).Select(a => $"activity {a.Kind}").ToListAsync());
        rows.AddRange(await db.AuditEntries.Where(a => a.Action == "fix.merged").Select(a => $"audit {a.Action}").ToListAsync());
        return rows;
    });

    [Theory, SqliteData, PostgresData]
    public async Task A_delivery_replayed_to_another_repositorys_link_changes_nothing(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (shopHook, _, sessionId, issueId) = await ArrangeAsync(app);
        var before = await StateAsync(app, sessionId, issueId);

        // acme/other's genuine merge of its own #7, signed with the shared secret, sent to acme/shop's link.
        (await FixSessionTests.Deliver(app, shopHook, "pull_request", Merged("acme/other"), Secret)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await FixSessionTests.Deliver(app, shopHook, "pull_request", """{"action":"closed","pull_request":{"number":7,"merged":true}}""", Secret)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StateAsync(app, sessionId, issueId)).ShouldBe(before);

        // acme/shop's own merge counts (the name is compared without regard to case, as GitHub's are).
        (await FixSessionTests.Deliver(app, shopHook, "pull_request", Merged("Acme/Shop"), Secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StateAsync(app, sessionId, issueId)).ShouldNotBe(before);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_replayed_delivery_id_changes_nothing_the_second_time(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (shopHook, otherHook, sessionId, issueId) = await ArrangeAsync(app);
        var untouched = await StateAsync(app, sessionId, issueId);

        (await FixSessionTests.Deliver(app, shopHook, "pull_request", Merged("acme/shop"), Secret, deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync())).ShouldBe(IssueStatus.Resolved);

        // Someone undoes the merge's effects; the same delivery, replayed, does not redo them.
        await app.WithDbAsync(async db =>
        {
            await db.FixSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.MergedAt, (DateTime?)null));
            await db.Issues.Where(i => i.Id == issueId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, IssueStatus.Unresolved).SetProperty(x => x.ResolvedInNextRelease, false));
        });
        var undone = await StateAsync(app, sessionId, issueId);
        undone.ShouldNotBe(untouched);
        var replay = await FixSessionTests.Deliver(app, shopHook, "pull_request", Merged("acme/shop"), Secret, deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.ReadJsonAsync())["duplicate"].Str().ShouldBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        (await StateAsync(app, sessionId, issueId)).ShouldBe(undone);
        (await FixSessionTests.Deliver(app, otherHook, "pull_request", Merged("acme/other"), Secret, deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StateAsync(app, sessionId, issueId)).ShouldBe(undone);
        (await app.WithDbAsync(db => db.GitHubDeliveries.CountAsync())).ShouldBe(1);

        // A delivery without an id cannot be told from a replay.
        var anonymous = new HttpRequestMessage(HttpMethod.Post, shopHook) { Content = new StringContent(Merged("acme/shop"), System.Text.Encoding.UTF8, "application/json") };
        anonymous.Headers.Add("X-GitHub-Event", "pull_request");
        anonymous.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret), System.Text.Encoding.UTF8.GetBytes(Merged("acme/shop")))));
        (await app.CreateClient().SendAsync(anonymous)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await StateAsync(app, sessionId, issueId)).ShouldBe(undone);
    }
}
