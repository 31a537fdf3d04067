using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.GraphQL;

/// <summary>Each root field of the GraphQL schema answers what its REST endpoint answers, through the same operation.</summary>
public class GraphQueryTests
{
    [Theory, SqliteData]
    public async Task Every_root_field_reads_what_the_rest_api_reads(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.SendErrorsAsync("loadCart", 3);
        await app.SendErrorsAsync("saveOrder", 1);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();

        var me = (await api.GraphAsync("{ me { email isServerAdmin scopes organizations { id slug role } } }")).Ok()["me"]!;
        me["email"].Str().ShouldBe(BugSageFactory.AdminEmail);
        me["scopes"].ShouldBeNull();
        me["organizations"]![0]!["slug"].Str().ShouldBe("default");

        var orgs = (await api.GraphAsync("{ organizations { id name role } organization(id: $id) { slug projects { nodes { id slug } } } }".Replace("$id", orgId.ToString()))).Ok();
        orgs["organizations"]!.AsArray().Count.ShouldBe(1);
        orgs["organization"]!["projects"]!["nodes"]![0]!["id"].Id().ShouldBe(projectId);

        var projects = (await api.GraphAsync("query($org: ID) { projects(organizationId: $org) { nodes { id name organization { slug } } pageInfo { nextCursor hasNextPage } } project(id: " + projectId + ") { slug organizationId } }",
            new { org = orgId })).Ok();
        projects["projects"]!["nodes"]![0]!["organization"]!["slug"].Str().ShouldBe("default");
        projects["projects"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeFalse();
        projects["project"]!["organizationId"].Id().ShouldBe(orgId);

        var issues = (await api.GraphAsync("query($p: ID!) { issues(projectId: $p, sort: \"count\") { nodes { id shortId title count status project { slug } latestEvent { eventId } } } }",
            new { p = projectId })).Ok()["issues"]!["nodes"]!.AsArray();
        issues.Count.ShouldBe(2);
        issues[0]!["count"]!.GetValue<long>().ShouldBe(3);
        issues[0]!["project"]!["slug"].Str().ShouldBe("default");
        var issueId = issues[0]!["id"].Id();
        var latest = issues[0]!["latestEvent"]!["eventId"].Str();

        var rest = await api.GetJsonAsync($"/api/v1/issues/{issueId}");
        var issue = (await api.GraphAsync($"{{ issue(id: {issueId}) {{ title culprit level firstSeen }} }}")).Ok()["issue"]!;
        issue["title"].Str().ShouldBe(rest["title"].Str());
        issue["culprit"].Str().ShouldBe(rest["culprit"].Str());

        var events = (await api.GraphAsync($"{{ events(issueId: {issueId}, limit: 2) {{ nodes {{ eventId level }} pageInfo {{ nextCursor }} }} }}")).Ok()["events"]!;
        events["nodes"]!.AsArray().Count.ShouldBe(2);
        events["nodes"]![0]!["eventId"].Str().ShouldBe(latest);
        var next = events["pageInfo"]!["nextCursor"].Str();
        var rest2 = (await api.GraphAsync("query($i: ID!, $c: String) { events(issueId: $i, cursor: $c) { nodes { eventId } pageInfo { nextCursor } } }", new { i = issueId, c = next })).Ok()["events"]!;
        rest2["nodes"]!.AsArray().Count.ShouldBe(1);
        rest2["pageInfo"]!["nextCursor"].ShouldBeNull();

        var evt = (await api.GraphAsync("query($p: ID!, $e: String!) { event(projectId: $p, eventId: $e) { eventId issueId title exceptions { type value frames { function lineno } } tags { key value } json } }",
            new { p = projectId, e = latest })).Ok()["event"]!;
        evt["issueId"].Id().ShouldBe(issueId);
        evt["exceptions"]![0]!["frames"]!.AsArray().ShouldContain(f => f!["function"]!.ToString() == "loadCart");
        evt["json"].Str().ShouldContain(latest);

        var releases = (await api.GraphAsync($"{{ releases(projectId: {projectId}) {{ nodes {{ version events }} }} }}")).Ok()["releases"]!["nodes"]!.AsArray();
        releases.Select(r => r!["version"].Str()).ShouldContain("app@1.0.0");

        var analysis = (await api.GraphAsync($"{{ analysis(issueId: {issueId}) {{ done {{ id }} pending {{ id }} result {{ summary }} }} }}")).Ok()["analysis"]!;
        analysis["done"].ShouldBeNull();
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).IsSuccessStatusCode.ShouldBeTrue();
        (await api.GraphAsync($"{{ analysis(issueId: {issueId}) {{ pending {{ status }} }} }}")).Ok()["analysis"]!["pending"]!["status"].Str().ShouldBe("queued");
        await app.RunAnalysesAsync();
        var analysed = (await api.GraphAsync($"{{ analysis(issueId: {issueId}) {{ done {{ status }} result {{ summary category rootCause }} }} issue(id: {issueId}) {{ analysis {{ status }} }} }}")).Ok();
        analysed["analysis"]!["result"]!["summary"].Str().ShouldNotBeNullOrWhiteSpace();
        analysed["issue"]!["analysis"]!["status"].Str().ShouldBe("done");

        var started = await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync();
        var sessionId = started["id"].Long();
        var sessions = (await api.GraphAsync($"{{ byIssue: fixSessions(issueId: {issueId}) {{ id status }} byProject: fixSessions(projectId: {projectId}) {{ id }} all: fixSessions {{ id }} fixSession(id: {sessionId}) {{ issueId status steps {{ name }} candidates {{ diff }} }} }}")).Ok();
        sessions["byIssue"]![0]!["id"].Id().ShouldBe(sessionId);
        sessions["byProject"]![0]!["id"].Id().ShouldBe(sessionId);
        sessions["all"]![0]!["id"].Id().ShouldBe(sessionId);
        sessions["fixSession"]!["issueId"].Id().ShouldBe(issueId);
    }

    [Theory, SqliteData]
    public async Task Issues_are_searched_with_the_rest_lists_language_and_paged_by_cursor(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        foreach (var function in new[] { "alpha", "beta", "gamma" }) await app.SendErrorsAsync(function, 1);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var gamma = await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith("gamma(")).Select(i => i.Id).SingleAsync());
        (await api.PatchJsonAsync($"/api/v1/issues/{gamma}", new { status = "resolved" })).IsSuccessStatusCode.ShouldBeTrue();
        const string search = "query($p: ID!, $q: String, $c: String, $l: Int) { issues(projectId: $p, query: $q, cursor: $c, limit: $l) { nodes { id status culprit } pageInfo { nextCursor } } }";

        var resolved = (await api.GraphAsync(search, new { p = projectId, q = "is:resolved" })).Ok()["issues"]!["nodes"]!.AsArray();
        resolved.Select(n => n!["id"].Id()).ShouldBe([gamma]);
        var unresolved = (await api.GraphAsync(search, new { p = projectId, q = "is:unresolved" })).Ok()["issues"]!["nodes"]!.AsArray();
        unresolved.Count.ShouldBe(2);
        var rest = await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues?query=is:unresolved");
        unresolved.Select(n => n!["id"].Id()).ShouldBe(rest.Items().Select(i => i!["id"].Long()));

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = (await api.GraphAsync(search, new { p = projectId, c = cursor, l = 1 })).Ok()["issues"]!;
            page["nodes"]!.AsArray().Count.ShouldBe(1);
            seen.Add(page["nodes"]![0]!["id"].Id());
            cursor = page["pageInfo"]!["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && seen.Count < 10);
        seen.Count.ShouldBe(3);
        seen.Distinct().Count().ShouldBe(3);

        var tooMany = await api.GraphAsync(search, new { p = projectId, l = 101 });
        tooMany.Codes.ShouldBe(["INVALID"]);
        tooMany.Errors[0]!["extensions"]!["fieldErrors"]!["limit"].ShouldNotBeNull();
        tooMany.Data?["issues"].ShouldBeNull();
    }

    [Fact]
    public async Task An_unexpected_failure_is_reported_as_INTERNAL_without_its_message()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite",
            services: s => s.AddScoped<BugSage.Server.Releases.ReleaseInfoQueries>(_ => throw new InvalidOperationException("secret detail of the failure")));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();

        var answer = await api.GraphAsync($"{{ me {{ email }} releases(projectId: {projectId}) {{ nodes {{ version }} }} }}");
        answer.Status.ShouldBe(System.Net.HttpStatusCode.OK);
        answer.Codes.ShouldBe(["INTERNAL"]);
        answer.Body.ToJsonString().ShouldNotContain("secret detail");
        answer.Body.ToJsonString().ShouldNotContain("InvalidOperation");
        // releases is non-null, so its failure empties the data: the error stands alone, as GraphQL says.
        answer.Data.ShouldBeNull();
        (await api.GraphAsync("{ me { email } }")).Ok()["me"]!["email"].Str().ShouldBe(BugSageFactory.AdminEmail);
    }
}
