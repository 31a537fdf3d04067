using System.Net;
using System.Text;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.GraphQL;

/// <summary>What /graphql lets in: signed-in callers only, bounded documents, depth and cost, its own request budget.</summary>
public class GraphLimitTests
{
    private static Task<BugSageFactory> AppAsync() => BugSageFactory.CreateAsync("sqlite", new()
    {
        ["BugSage:GraphQL:MaxDocumentBytes"] = "1024",
        ["BugSage:GraphQL:MaxVariablesBytes"] = "256",
        ["BugSage:GraphQL:MaxDepth"] = "4",
        ["BugSage:GraphQL:MaxComplexity"] = "300",
        ["BugSage:RateLimits:GraphQL:PermitLimit"] = "60",
    });

    [Fact]
    public async Task Anonymous_and_cookie_callers_get_401_problem_details_and_no_schema()
    {
        await using var app = await AppAsync();
        var anonymous = app.CreateClient();
        var answer = await anonymous.GraphAsync("{ __schema { types { name } } }");
        answer.Status.ShouldBe(HttpStatusCode.Unauthorized);
        answer.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        answer.Body.ToJsonString().ShouldNotContain("Issue");
        (await anonymous.GetAsync("/graphql?query=%7B__schema%7Btypes%7Bname%7D%7D%7D")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // The dashboard's cookie does not sign in here, as it does not for the REST API: no cross-site request can ride on it.
        var browser = await DashboardSession.SignInAsync(app, BugSageFactory.AdminEmail, BugSageFactory.AdminPassword);
        (await browser.Client.GraphAsync("{ me { email } }")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        // A signed-in caller may introspect.
        var api = await app.SignedInClientAsync();
        (await api.GraphAsync("{ __type(name: \"Issue\") { name } }")).Ok()["__type"]!["name"].Str().ShouldBe("Issue");
    }

    [Fact]
    public async Task Depth_and_complexity_past_their_limits_are_refused_before_anything_runs()
    {
        await using var app = await AppAsync();
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();

        var deep = await api.GraphAsync($"{{ issues(projectId: {projectId}) {{ nodes {{ project {{ organization {{ projects {{ nodes {{ id }} }} }} }} }} }} }}");
        deep.Status.ShouldBe(HttpStatusCode.BadRequest);
        deep.Data.ShouldBeNull();
        deep.Errors[0]!["message"].Str().ShouldContain("depth");

        var costly = await api.GraphAsync($"{{ issues(projectId: {projectId}, limit: 100) {{ nodes {{ id title culprit level }} }} }}");
        costly.Status.ShouldBe(HttpStatusCode.BadRequest);
        costly.Data.ShouldBeNull();
        costly.Errors[0]!["message"].Str().ShouldContain("too complex");
        (await api.GraphAsync($"{{ issues(projectId: {projectId}, limit: 10) {{ nodes {{ id title culprit level }} }} }}")).Ok();
        // GET is held to the same limits.
        var deepGet = $"{{ issues(projectId: {projectId}) {{ nodes {{ project {{ organization {{ projects {{ nodes {{ id }} }} }} }} }} }} }}";
        (await api.GetAsync("/graphql?query=" + Uri.EscapeDataString(deepGet))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Oversized_documents_and_variables_are_refused_unparsed_and_bad_requests_get_400()
    {
        await using var app = await AppAsync();
        var api = await app.SignedInClientAsync();

        var padded = "{ me { email } }\n#" + new string('x', 1100);
        var big = await api.GraphAsync(padded);
        big.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        big.Body["title"].Str().ShouldBe("Request too large");
        (await api.GraphAsync("query($v: String) { me { email } }", new { v = new string('y', 300) })).Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var huge = new StringContent("{\"query\": \"" + new string('z', 20_000) + "\"}", Encoding.UTF8, "application/json");
        (await api.PostAsync("/graphql", huge)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        var malformed = await api.PostAsync("/graphql", new StringContent("{\"query\": ", Encoding.UTF8, "application/json"));
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        malformed.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.PostAsync("/graphql", new StringContent("[]", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostAsync("/graphql", new StringContent("{\"variables\": {}}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostAsync("/graphql", new StringContent("{ me { email } }", Encoding.UTF8, "text/plain"))).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await api.GetAsync("/graphql")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetAsync("/graphql?query=%7Bme%7Bemail%7D%7D&variables=%7Bnot")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var unknown = await api.GraphAsync("{ me { password } }");
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Errors.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Get_runs_queries_only_and_every_answer_reports_the_graphql_budget()
    {
        await using var app = await AppAsync();
        var api = await app.SignedInClientAsync();

        var get = await api.GetAsync("/graphql?query=" + Uri.EscapeDataString("{ me { email } }"));
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await get.ReadJsonAsync())["data"]!["me"]!["email"].Str().ShouldBe(BugSageFactory.AdminEmail);
        // The GraphQL budget (60 here), not the REST API's.
        get.Headers.GetValues("RateLimit-Limit").Single().ShouldBe("60");
        int.Parse(get.Headers.GetValues("RateLimit-Remaining").Single()).ShouldBeLessThan(60);

        var mutation = await api.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { unresolveIssue(id: 1) { id } }"));
        mutation.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        var post = await api.GraphAsync("{ me { email } }");
        post.Response.Headers.GetValues("RateLimit-Limit").Single().ShouldBe("60");
    }
}
