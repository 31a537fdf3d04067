using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.GraphQL;

/// <summary>
/// Two organizations; every id argument of the GraphQL schema is given one tenant's ids with the other tenant's
/// credentials. Every answer is NOT_FOUND with no data, worded as for an id that does not exist, and nothing changes.
/// (The REST suite finds ids in routes; GraphQL takes them in its document, so it is enumerated here from the schema.)
/// </summary>
public class GraphTenantIsolationTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Every_id_argument_hides_another_tenants_data(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.SendErrorsAsync("ownersSecretFunction", 2);
        var owner = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (orgId, issueId, eventId, ownerUserId) = await app.WithDbAsync(async db => (
            await db.Organizations.Where(o => o.Slug == "default").Select(o => o.Id).SingleAsync(),
            await db.Issues.Select(i => i.Id).SingleAsync(),
            await db.Events.Select(e => e.EventId).FirstAsync(),
            await db.Users.Select(u => u.Id).SingleAsync()));
        (await owner.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).IsSuccessStatusCode.ShouldBeTrue();
        var sessionId = (await (await owner.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
        var (intruder, _, intruderProject) = await app.NewTenantAsync("intruder@example.com");
        var before = await SnapshotAsync(app, projectId);

        // Each field the schema offers that takes an id, with the owner's ids.
        string[] documents =
        [
            $"{{ organization(id: {orgId}) {{ id name }} }}",
            $"{{ projects(organizationId: {orgId}) {{ nodes {{ id }} }} }}",
            $"{{ project(id: {projectId}) {{ id name }} }}",
            $"{{ issues(projectId: {projectId}) {{ nodes {{ id title }} }} }}",
            $"{{ issues(projectId: {projectId}, query: \"ownersSecretFunction\") {{ nodes {{ id }} }} }}",
            $"{{ issue(id: {issueId}) {{ id title }} }}",
            $"{{ events(issueId: {issueId}) {{ nodes {{ eventId }} }} }}",
            $"{{ event(projectId: {projectId}, eventId: \"{eventId}\") {{ eventId json }} }}",
            $"{{ releases(projectId: {projectId}) {{ nodes {{ version }} }} }}",
            $"{{ fixSessions(issueId: {issueId}) {{ id }} }}",
            $"{{ fixSessions(projectId: {projectId}) {{ id }} }}",
            $"{{ fixSession(id: {sessionId}) {{ id }} }}",
            $"{{ analysis(issueId: {issueId}) {{ pending {{ id }} }} }}",
            $"mutation {{ resolveIssue(id: {issueId}) {{ id }} }}",
            $"mutation {{ unresolveIssue(id: {issueId}) {{ id }} }}",
            $"mutation {{ ignoreIssue(id: {issueId}, minutes: 0) {{ id }} }}",
            $"mutation {{ assignIssue(id: {issueId}, assigneeId: {ownerUserId}) {{ id }} }}",
            $"mutation {{ bulkUpdateIssues(projectId: {projectId}, ids: [{issueId}], status: \"resolved\") }}",
        ];
        var missing = await intruder.GraphAsync($"{{ issue(id: {issueId + 1000}) {{ id }} }}");
        foreach (var document in documents)
        {
            var answer = await intruder.GraphAsync(document);
            answer.Codes.ShouldBe(["NOT_FOUND"], document + " → " + answer.Body.ToJsonString());
            answer.Errors[0]!["message"].Str().ShouldBe(missing.Errors[0]!["message"].Str());
            answer.Data?.AsObject().Select(f => f.Value).ShouldAllBe(v => v == null, document);
            answer.Body.ToJsonString().ShouldNotContain("ownersSecretFunction");
        }
        // Nothing of theirs appears in the intruder's own lists, and their own issue cannot be given to the owner.
        (await intruder.GraphAsync("{ projects { nodes { id } } organizations { id } fixSessions { id } }")).Ok().ToJsonString().ShouldNotContain($"\"{projectId}\"");
        var intruderIssue = await app.WithDbAsync(async db =>
        {
            var issue = new BugSage.Core.Issues.Issue { ProjectId = intruderProject, ShortNumber = 1, Title = "theirs", FirstSeen = DateTime.UtcNow, LastSeen = DateTime.UtcNow };
            db.Add(issue);
            await db.SaveChangesAsync();
            return issue.Id;
        });
        (await intruder.GraphAsync($"mutation {{ assignIssue(id: {intruderIssue}, assigneeId: {ownerUserId}) {{ assignee {{ email }} }} }}")).Codes.ShouldBe(["INVALID"]);
        // An id that is not a number names nothing either.
        (await intruder.GraphAsync("{ issue(id: \"abc\") { id } }")).Codes.ShouldBe(["NOT_FOUND"]);

        (await SnapshotAsync(app, projectId)).ShouldBe(before);
    }

    /// <summary>Everything of the owner's project the mutations could change.</summary>
    private static Task<List<string>> SnapshotAsync(BugSageFactory app, long projectId) => app.WithDbAsync(async db =>
    {
        var rows = new List<string>();
        rows.AddRange(await db.Issues.Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).Select(i => $"issue {i.Id} {i.Status} {i.AssigneeId} {i.IgnoredUntil} {i.ResolvedInNextRelease}").ToListAsync());
        rows.AddRange(await db.IssueActivities.Where(a => db.Issues.Any(i => i.Id == a.IssueId && i.ProjectId == projectId)).OrderBy(a => a.Id).Select(a => $"activity {a.IssueId} {a.Kind}").ToListAsync());
        return rows;
    });
}
