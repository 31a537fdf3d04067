using System.Net;
using System.Text.Json.Nodes;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sessions;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.AgentTasks;

/// <summary>
/// The task document an external coding agent reads: what it holds for an issue with only an event and for
/// one with an analysis and an earlier fix session, and that both validate against the published schema.
/// </summary>
public class TaskDocumentTests
{
    private const string ReproductionSource = "const { getUser } = require('../src/users');\ntest('getUser(7)', () => getUser(7));\n";

    [Fact]
    public async Task An_issue_with_only_an_event_gives_a_document_that_fits_the_schema()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("checkout", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());

        var document = await api.GetJsonAsync($"/api/v1/issues/{issueId}/task");

        TaskSchemaCheck.Errors(await TaskSchemaCheck.FetchAsync(app.CreateClient()), document).ShouldBeEmpty();
        document["schemaVersion"]!.GetValue<int>().ShouldBe(1);
        document["kind"].Str().ShouldBe("bugsage.task");
        document["issue"]!["shortId"].Str().ShouldBe("DEFAULT-1");
        document["issue"]!["environments"]!.AsArray().Select(e => e.Str()).ShouldBe(["production"]);
        var raised = document["evidence"]!["exceptions"]!.AsArray().Single()!;
        raised["type"].Str().ShouldBe("TypeError");
        // Only the application's own frame: the library and runtime frames are counted, not sent.
        var frame = raised["frames"]!.AsArray().Single()!;
        frame["function"].Str().ShouldBe("checkout");
        frame["filename"].Str().ShouldBe("/srv/app/src/users.js");
        frame["contextLine"].Str().ShouldContain("users[id].name");
        raised["framesOmitted"]!.GetValue<int>().ShouldBe(2);
        document["evidence"]!["breadcrumbs"]!.AsArray().ShouldNotBeEmpty();
        document["analysis"].ShouldBeNull();
        document["reproduction"].ShouldBeNull();
        document["previousAttempts"]!.AsArray().ShouldBeEmpty();
        document["constraints"]!["forbiddenPaths"]!.AsArray().Select(p => p.Str()).ShouldContain(".github/");
        document["constraints"]!["maxDiffBytes"]!.GetValue<int>().ShouldBeGreaterThan(0);
        document["state"]!["status"].ShouldBeNull();
        document["links"]!["updates"].Str().ShouldEndWith($"/api/v1/issues/{issueId}/task/updates");
        document["links"]!["issue"].Str().ShouldEndWith($"/issues/{issueId}");
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_analysed_issue_with_an_earlier_fix_session_gives_its_reading_and_attempt_and_fits_the_schema(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:PublicUrl"] = "https://bugs.example.com" });
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("checkout", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await app.RunAnalysesAsync()).ShouldBe(1);
        var repository = Directory.CreateTempSubdirectory("bugsage-task-repo-").FullName;
        try
        {
            (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories",
                new { name = "shop", path = repository, buildCommand = "npm run build", testCommand = "npm test" })).StatusCode.ShouldBe(HttpStatusCode.Created);
            var sessionId = await app.WithDbAsync(async db =>
            {
                var issue = await db.Issues.SingleAsync();
                var session = new FixSession
                {
                    IssueId = issue.Id, ProjectId = issue.ProjectId, OrganizationId = await db.Projects.Where(p => p.Id == issue.ProjectId).Select(p => p.OrganizationId).SingleAsync(),
                    Status = FixSessionStatus.Failed, RequestedBy = "admin@example.com", Error = "none of the 1 candidates passed validation", CreatedAt = DateTime.UtcNow,
                    Candidates = System.Text.Json.JsonSerializer.Serialize(new[]
                    {
                        new FixCandidateRecord(1, 1, "guard the missing user", "--- a/src/users.js\n+++ b/src/users.js\n", false, 0.2, [],
                            new FixValidation(true, true, false, ["users test"], ["users test"], true, "log")),
                    }, FixSessionWorker.Json),
                    // What the session's reproduction step stores when its test failed on the unpatched code as the crash did.
                    Reproduction = System.Text.Json.JsonSerializer.Serialize(new ReproductionRecord(ReproductionRecord.Reproduced, null, "javascript",
                        "test/bugsage-reproduction.test.js", ReproductionSource, "node --test test/bugsage-reproduction.test.js", "getUser(7) with no user 7",
                        new ExpectedFailure("TypeError", "getUser", "src/users.js"), null, 1, "TypeError: Cannot read properties of undefined"), FixSessionWorker.Json),
                };
                db.Add(session);
                await db.SaveChangesAsync();
                return session.Id;
            });

            var document = await api.GetJsonAsync($"/api/v1/issues/{issueId}/task");

            TaskSchemaCheck.Errors(await TaskSchemaCheck.FetchAsync(app.CreateClient()), document).ShouldBeEmpty();
            var analysis = document["analysis"]!;
            analysis["category"].Str().ShouldBe("null-reference");
            analysis["confidence"]!.GetValue<double>().ShouldBeInRange(0, 1);
            analysis["suspectFiles"]!.AsArray().Select(f => f.Str()).ShouldContain("/srv/app/src/users.js");
            var attempt = document["previousAttempts"]!.AsArray().Single()!;
            attempt["fixSessionId"].Long().ShouldBe(sessionId);
            attempt["candidates"]!.GetValue<int>().ShouldBe(1);
            attempt["validated"]!.GetValue<int>().ShouldBe(0);
            attempt["bestSummary"].Str().ShouldBe("guard the missing user");
            var reproduction = document["reproduction"]!;
            reproduction["testFile"].Str().ShouldBe("test/bugsage-reproduction.test.js");
            reproduction["content"].Str().ShouldBe(ReproductionSource);
            reproduction["command"].Str().ShouldBe("node --test test/bugsage-reproduction.test.js");
            reproduction["fixSessionId"].Long().ShouldBe(sessionId);
            reproduction["expected"]!["exceptionType"].Str().ShouldBe("TypeError");
            document["constraints"]!["forbiddenPaths"]!.AsArray().Select(p => p.Str()).ShouldContain("test/bugsage-reproduction.test.js",
                "the acceptance test is for the patch to pass, not to change");
            var validation = document["constraints"]!["validation"]!;
            validation["testCommand"].Str().ShouldBe("npm test");
            validation["buildCommand"].Str().ShouldBe("npm run build");
            document["links"]!["task"].Str().ShouldBe($"https://bugs.example.com/api/v1/issues/{issueId}/task");
            document["links"]!["events"].Str().ShouldBe($"https://bugs.example.com/api/v1/issues/{issueId}/events");
            document["links"]!["analysis"].Str().ShouldBe($"https://bugs.example.com/api/v1/issues/{issueId}/analysis");
        }
        finally
        {
            Directory.Delete(repository, recursive: true);
        }
    }

    [Fact]
    public async Task A_document_missing_a_required_field_fails_the_schema()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("checkout", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var schema = await TaskSchemaCheck.FetchAsync(app.CreateClient());
        var document = (await api.GetJsonAsync($"/api/v1/issues/{issueId}/task")).AsObject();
        TaskSchemaCheck.Errors(schema, document).ShouldBeEmpty();

        var withoutIssue = document.DeepClone().AsObject();
        withoutIssue.Remove("issue");
        TaskSchemaCheck.Errors(schema, withoutIssue).ShouldNotBeEmpty();
        var frameWithoutInApp = document.DeepClone();
        frameWithoutInApp["evidence"]!["exceptions"]![0]!["frames"]![0]!.AsObject().Remove("inApp");
        TaskSchemaCheck.Errors(schema, frameWithoutInApp).ShouldNotBeEmpty();
        var otherVersion = document.DeepClone();
        otherVersion["schemaVersion"] = 2;
        TaskSchemaCheck.Errors(schema, otherVersion).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task The_schema_is_served_without_credentials_and_the_document_is_not()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await app.SendErrorsAsync("checkout", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var anonymous = app.CreateClient();

        var schema = JsonNode.Parse(await anonymous.GetStringAsync("/api/v1/schemas/task.json"))!;

        schema["$schema"].Str().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        (await anonymous.GetAsync($"/api/v1/issues/{issueId}/task")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
