using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.GraphQL;

/// <summary>Triage over GraphQL changes issues as the REST PATCH does, under the same permissions.</summary>
public class GraphMutationTests
{
    private const string Resolve = "mutation($id: ID!) { resolveIssue(id: $id, inNextRelease: true) { id status resolvedInNextRelease } }";

    [Theory, SqliteData]
    public async Task A_member_resolves_ignores_reopens_and_assigns_with_activity_recorded(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.SendErrorsAsync("checkout", 1);
        await app.SendErrorsAsync("refund", 1);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith("checkout(")).Select(i => i.Id).SingleAsync());
        var adminId = await app.WithDbAsync(db => db.Users.Select(u => u.Id).SingleAsync());

        var resolved = (await api.GraphAsync(Resolve, new { id = issueId })).Ok()["resolveIssue"]!;
        (resolved["status"].Str(), resolved["resolvedInNextRelease"]!.GetValue<bool>()).ShouldBe(("resolved", true));
        (await app.WithDbAsync(db => db.IssueActivities.CountAsync(a => a.IssueId == issueId && a.ActorUserId == adminId))).ShouldBeGreaterThan(0);

        (await api.GraphAsync("mutation($id: ID!) { unresolveIssue(id: $id) { status } }", new { id = issueId })).Ok()["unresolveIssue"]!["status"].Str().ShouldBe("unresolved");
        var ignored = (await api.GraphAsync("mutation($id: ID!) { ignoreIssue(id: $id, minutes: 60) { status substatus } }", new { id = issueId })).Ok()["ignoreIssue"]!;
        ignored["status"].Str().ShouldBe("ignored");
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.IgnoredUntil).SingleAsync())).ShouldNotBeNull();

        var assigned = (await api.GraphAsync("mutation($id: ID!, $to: ID) { assignIssue(id: $id, assigneeId: $to) { assignee { email } } }", new { id = issueId, to = adminId })).Ok();
        assigned["assignIssue"]!["assignee"]!["email"].Str().ShouldBe(BugSageFactory.AdminEmail);
        (await api.GraphAsync("mutation($id: ID!) { assignIssue(id: $id, assigneeId: null) { assigneeId } }", new { id = issueId })).Ok()["assignIssue"]!["assigneeId"].ShouldBeNull();

        var invalid = await api.GraphAsync("mutation($id: ID!) { ignoreIssue(id: $id, minutes: 0) { status } }", new { id = issueId });
        invalid.Codes.ShouldBe(["INVALID"]);
        invalid.Errors[0]!["extensions"]!["fieldErrors"]!["minutes"].ShouldNotBeNull();

        var bulk = (await api.GraphAsync("mutation($p: ID!) { bulkUpdateIssues(projectId: $p, query: \"is:unresolved\", status: \"resolved\") }", new { p = projectId })).Ok();
        bulk["bulkUpdateIssues"]!.GetValue<int>().ShouldBe(1);
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith("refund(")).Select(i => i.Status).SingleAsync())).ShouldBe("resolved");
    }

    [Theory, SqliteData]
    public async Task A_viewer_and_a_read_only_token_read_but_cannot_triage(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.SendErrorsAsync("checkout", 1);
        var (projectId, _) = await app.DefaultKeyAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        var readOnly = await ApiTokens.ClientAsync(app, "project:read");
        var activity = await app.WithDbAsync(db => db.IssueActivities.CountAsync());

        foreach (var caller in new[] { viewer, readOnly })
        {
            (await caller.GraphAsync($"{{ issue(id: {issueId}) {{ status }} }}")).Ok()["issue"]!["status"].Str().ShouldBe("unresolved");
            var refused = await caller.GraphAsync(Resolve, new { id = issueId });
            refused.Codes.ShouldBe(["FORBIDDEN"]);
            refused.Data.ShouldBeNull();
            (await caller.GraphAsync("mutation($p: ID!) { bulkUpdateIssues(projectId: $p, query: \"is:unresolved\", status: \"ignored\") }", new { p = projectId }))
                .Codes.ShouldBe(["FORBIDDEN"]);
        }
        (await app.WithDbAsync(db => db.Issues.Select(i => i.Status).SingleAsync())).ShouldBe("unresolved");
        (await app.WithDbAsync(db => db.IssueActivities.CountAsync())).ShouldBe(activity);
    }
}
