using System.Net;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Autofix;

/// <summary>A fix session from a production error to a validated candidate awaiting approval, offline.</summary>
public sealed class FixSessionTests : IDisposable
{
    private readonly TestRepository git = new();

    private string repo => git.Path;

    public void Dispose() => git.Dispose();

    [Theory, SqliteData, PostgresData]
    public async Task A_session_reads_the_repository_proposes_validates_and_awaits_approval(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var sessionId = await StartAsync(app, api);
        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("awaiting_approval");
        session["modelName"].Str().ShouldBe("offline engine");
        session["steps"]!.AsArray().Select(s => $"{s!["name"].Str()}:{s["status"].Str()}").ShouldBe(["context:done", "analysis:done", "reproduction:failed", "candidates:done", "validation:done", "ready:done"]);
        var best = session["candidates"]![0]!;
        (best["rank"]!.GetValue<int>(), best["validated"]!.GetValue<bool>(), best["summary"].Str()).ShouldBe((1, true, "Return 0 when not values"));
        best["diff"].Str().ShouldContain("--- a/calc.py");
        best["validation"]!["testsPassed"]!.GetValue<bool>().ShouldBeTrue();
        session["candidates"]![1]!["validated"]!.GetValue<bool>().ShouldBeFalse();

        var list = await api.GetJsonAsync("/api/v1/fix-sessions?status=awaiting_approval&limit=10");
        list["total"]!.GetValue<int>().ShouldBe(1);
        list["items"]![0]!["id"].Long().ShouldBe(sessionId);
        (await api.GetJsonAsync("/api/v1/fix-sessions?status=failed"))["total"]!.GetValue<int>().ShouldBe(0);
        (await api.GetAsync("/api/v1/fix-sessions?status=bogus")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // An unvalidated candidate cannot be approved; the best validated one is, then applied as a branch.
        var unvalidated = session["candidates"]![1]!["id"]!.GetValue<int>();
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { candidateId = unvalidated })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/apply", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { comment = "looks right" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var applied = await (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/apply", new { })).ReadJsonAsync();
        applied["branch"].Str().ShouldBe("bugsage/fix-default-1");
        (await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}"))["status"].Str().ShouldBe("applied");
        var log = git.Git("log", "-1", "--format=%s%n%b", "bugsage/fix-default-1");
        log.ShouldStartWith("Fix DEFAULT-1: Return 0 when not values");
        git.Git("show", "bugsage/fix-default-1:calc.py").ShouldContain("if not values:");
        git.Git("rev-parse", "--abbrev-ref", "HEAD").Trim().ShouldBe("main", "the working copy itself is not touched");
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/reject", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("fix.")).Select(a => a.Action).OrderBy(a => a).ToListAsync())).ShouldBe(["fix.applied", "fix.approved"]);
        (await app.WithDbAsync(db => db.IssueActivities.CountAsync(a => a.Kind == "fix_approved" || a.Kind == "fix_applied"))).ShouldBe(2);
    }

    /// <summary>A Python repository whose average of nothing divides by zero, linked, its error ingested, and a fix session queued for it.</summary>
    private async Task<long> StartAsync(BugSageFactory app, HttpClient api)
    {
        var issueId = await ArrangeAsync(app, api);
        var started = await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return (await started.ReadJsonAsync())["id"].Long();
    }

    private Task<long> ArrangeAsync(BugSageFactory app, HttpClient api) => FixScenarios.AverageOfNothingAsync(app, api, git);

    [Fact]
    public async Task A_session_streams_its_steps_to_its_hub_group_and_its_event_stream()
    {
        // This node leaves fix sessions to others, so that the test runs the session itself once it listens.
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:RunsFixSessions"] = "false" }, kestrel: true);
        var api = await app.SignedInClientAsync();
        var sessionId = await StartAsync(app, api);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        (await intruder.GetAsync($"/api/v1/fix-sessions/{sessionId}/stream")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using (var foreign = await HubSocket.ConnectAsync(app, await app.AccessTokenAsync("intruder@example.com", "tenant-password-123"), timeout.Token))
            (await foreign.InvokeAsync("JoinGroup", $"fix-session:{sessionId}", timeout.Token))!.GetValue<bool>().ShouldBeFalse();

        await using var hub = await HubSocket.ConnectAsync(app, await app.AccessTokenAsync(), timeout.Token);
        (await hub.InvokeAsync("JoinGroup", $"fix-session:{sessionId}", timeout.Token))!.GetValue<bool>().ShouldBeTrue();
        using var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/fix-sessions/{sessionId}/stream"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var sse = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        (await sse.ReadLineAsync(timeout.Token)).ShouldBe(": connected");

        await app.RunFixSessionsAsync(ct: timeout.Token);

        var heard = new List<string>();
        for (var e = await hub.NextAsync(IsSessionEvent, timeout.Token); ; e = await hub.NextAsync(IsSessionEvent, timeout.Token))
        {
            e["arguments"]![0]!["fixSessionId"].Long().ShouldBe(sessionId);
            heard.Add($"{e["target"].Str()} {e["arguments"]![0]!["detail"].Str()}");
            if (e["target"].Str() == "fix-session.completed") break;
        }
        heard.ShouldBe([
            "fix-session.progress context:running", "fix-session.progress context:done", "fix-session.progress analysis:running", "fix-session.progress analysis:done",
            "fix-session.progress reproduction:running", "fix-session.progress reproduction:failed",
            "fix-session.progress candidates:running", "fix-session.progress candidates:done", "fix-session.progress validation:running", "fix-session.progress validation:done",
            "fix-session.completed awaiting_approval",
        ]);

        var streamed = new List<string>();
        while (streamed.Count < heard.Count && await sse.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal)) streamed.Add(line);
        streamed.Count.ShouldBe(heard.Count);
        streamed[^1].ShouldContain("\"detail\":\"awaiting_approval\"");

        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/reject", new { comment = "not this way" })).EnsureSuccessStatusCode();
        (await hub.EventAsync("fix-session.updated", timeout.Token))["detail"].Str().ShouldBe("rejected");
    }

    private static bool IsSessionEvent(JsonNode message) => message["target"]?.GetValue<string>() is { } target && target.StartsWith("fix-session.", StringComparison.Ordinal);

    [Fact]
    public async Task Applying_pushes_the_branch_opens_a_pull_request_and_its_merge_resolves_the_issue_in_the_next_release()
    {
        await using var github = await FakeModelServer.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:GitHub:ApiUrl"] = github.Address.ToString(), ["BugSage:RunsFixSessions"] = "false" });
        var api = await app.SignedInClientAsync();
        var sessionId = await StartAsync(app, api);
        using var remote = new TestRepository();
        remote.Git("config", "receive.denyCurrentBranch", "ignore");
        git.Git("remote", "add", "origin", remote.Path);
        var (projectId, _) = await app.DefaultKeyAsync();
        var repositoryId = await app.WithDbAsync(db => db.Repositories.Select(r => r.Id).SingleAsync());
        var changed = await (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/repositories/{repositoryId}",
            new { accessToken = "ghp_test_token", webhookSecret = "hook-secret", gitHubRepository = "acme/shop" })).ReadJsonAsync();
        (changed["hasAccessToken"]!.GetValue<bool>(), changed["gitHubRepository"].Str()).ShouldBe((true, "acme/shop"));
        changed.ToJsonString().ShouldNotContain("ghp_test_token");
        await app.RunFixSessionsAsync();
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { })).EnsureSuccessStatusCode();

        github.Then(_ => Results.Json(new { number = 7, html_url = "https://github.com/acme/shop/pull/7" }, statusCode: 201));
        var applied = await (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/apply", new { })).ReadJsonAsync();
        (applied["pushed"]!.GetValue<bool>(), applied["pullRequestUrl"].Str()).ShouldBe((true, "https://github.com/acme/shop/pull/7"));
        remote.Git("rev-parse", "refs/heads/bugsage/fix-default-1").Trim().ShouldBe(applied["commit"].Str());
        var request = github.Requests.Single();
        request.Path.ShouldBe("/repos/acme/shop/pulls");
        request.Headers["authorization"].ShouldBe("Bearer ghp_test_token");
        (request.Body["head"].Str(), request.Body["base"].Str(), request.Body["title"].Str()).ShouldBe(("bugsage/fix-default-1", "main", "Fix DEFAULT-1: Return 0 when not values"));
        request.Body["body"].Str().ShouldContain("## Root cause");
        request.Body["body"].Str().ShouldContain("- the project's tests passed: yes; new failures: none");

        // GitHub reports the merge: only a delivery signed with the repository's secret counts.
        var hook = $"/api/v1/integrations/github/repositories/{repositoryId}/webhook";
        var merged = """{"action":"closed","number":7,"pull_request":{"number":7,"merged":true},"repository":{"full_name":"acme/shop"}}""";
        (await Deliver(app, hook, "pull_request", merged, "wrong-secret")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await api.GetJsonAsync($"/api/v1/issues/{await IssueIdAsync(app)}"))["status"].Str().ShouldBe("unresolved");
        (await Deliver(app, hook, "pull_request", """{"action":"closed","pull_request":{"number":7,"merged":false},"repository":{"full_name":"acme/shop"}}""", "hook-secret")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Deliver(app, hook, "pull_request", merged, "hook-secret")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var issue = await api.GetJsonAsync($"/api/v1/issues/{await IssueIdAsync(app)}");
        (issue["status"].Str(), issue["resolvedInNextRelease"]!.GetValue<bool>()).ShouldBe(("resolved", true));
        (await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}"))["mergedAt"].ShouldNotBeNull();
        (await (await Deliver(app, hook, "pull_request", merged, "hook-secret")).ReadJsonAsync())["alreadyMerged"]!.GetValue<bool>().ShouldBeTrue();
        (await Deliver(app, $"/api/v1/integrations/github/repositories/{repositoryId + 99}/webhook", "pull_request", merged, "hook-secret")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_dashboard_starts_a_session_shows_its_proof_and_decides_through_its_forms()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:RunsFixSessions"] = "false" });
        var api = await app.SignedInClientAsync();
        var sessionId = await StartAsync(app, api);
        await app.RunFixSessionsAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var browser = await DashboardSession.SignInAsync(app);

        var list = await browser.Client.GetStringAsync($"/projects/{projectId}/fix-sessions?status=awaiting_approval");
        list.ShouldContain($"href=\"/projects/{projectId}/fix-sessions/{sessionId}\"");
        (await browser.Client.GetStringAsync($"/projects/{projectId}/fix-sessions?status=applied")).ShouldContain("No fix sessions match");
        var shortLink = await browser.Client.GetAsync($"/fix-sessions/{sessionId}");
        shortLink.Headers.Location!.OriginalString.ShouldEndWith($"/projects/{projectId}/fix-sessions/{sessionId}");

        var page = await browser.Client.GetStringAsync($"/projects/{projectId}/fix-sessions/{sessionId}");
        page.ShouldContain("Return 0 when not values");
        page.ShouldContain("<span class=\"badge badge-resolved\">validated</span>");
        // The diff, with the added guard marked and coloured: keywords, numbers.
        page.ShouldContain("class=\"diff-line diff-added\"");
        page.ShouldContain("<span class=\"tok-kw\">if</span>");
        page.ShouldContain("<span class=\"tok-num\">0</span>");
        page.ShouldContain($"data-fix-session=\"{sessionId}\"");
        page.ShouldContain("Built and tested without network");

        var approve = await browser.PostFormAsync($"/dashboard/fix-sessions/{sessionId}/approve", ("candidateId", "2"), ("comment", "not this one"));
        approve.Headers.Location!.OriginalString.ShouldContain("error=Only%20a%20validated%20candidate");
        var best = (await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}"))["candidates"]![0]!["id"]!.GetValue<int>();
        (await browser.PostFormAsync($"/dashboard/fix-sessions/{sessionId}/approve", ("candidateId", best.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("comment", "good")))
            .Headers.Location!.OriginalString.ShouldBe($"/fix-sessions/{sessionId}");
        (await browser.PostFormAsync($"/dashboard/fix-sessions/{sessionId}/apply")).Headers.Location!.OriginalString.ShouldBe($"/fix-sessions/{sessionId}");
        var applied = await browser.Client.GetStringAsync($"/projects/{projectId}/fix-sessions/{sessionId}");
        applied.ShouldContain("bugsage/fix-default-1");
        applied.ShouldContain("<span class=\"badge badge-approved\">approved</span>");
        git.Git("branch", "--list", "bugsage/fix-default-1").ShouldContain("bugsage/fix-default-1");

        // From the issue page: its fix history, and a new session started by the form.
        var issueId = await IssueIdAsync(app);
        (await browser.Client.GetStringAsync($"/projects/{projectId}/issues/{issueId}")).ShouldContain($"Session #{sessionId}");
        var started = await browser.PostFormAsync($"/dashboard/issues/{issueId}/fix-sessions");
        started.Headers.Location!.OriginalString.ShouldBe($"/fix-sessions/{sessionId + 1}");
        (await app.WithDbAsync(db => db.FixSessions.CountAsync())).ShouldBe(2);
    }

    /// <summary>The policy's pull-request tier set, and the issue analysed: its announcement is what the policy considers.</summary>
    private static async Task AnalyseUnderThePullRequestTierAsync(BugSageFactory app, HttpClient api, long issueId)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/config/autofix-policy")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { automationCeiling = "pull-request", analysisFloor = 0.1, codeChangeFloor = 0.2, pullRequestFloor = 0.3 }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v0\"");
        (await api.SendAsync(put)).EnsureSuccessStatusCode();
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<Core.Analysis.AnalysisWorker>().RunQueuedAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_pull_request_tier_ships_a_validated_fix_as_a_pull_request_on_its_own()
    {
        await using var github = await FakeModelServer.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", new()
        {
            ["BugSage:GitHub:ApiUrl"] = github.Address.ToString(), ["BugSage:RunsFixSessions"] = "false", ["BugSage:PublicUrl"] = "https://bugsage.example.com",
        });
        var api = await app.SignedInClientAsync();
        var issueId = await ArrangeAsync(app, api);
        using var remote = new TestRepository();
        remote.Git("config", "receive.denyCurrentBranch", "ignore");
        git.Git("remote", "add", "origin", remote.Path);
        var (projectId, _) = await app.DefaultKeyAsync();
        var repositoryId = await app.WithDbAsync(db => db.Repositories.Select(r => r.Id).SingleAsync());
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/repositories/{repositoryId}", new { accessToken = "ghp_test_token", gitHubRepository = "acme/stats" })).EnsureSuccessStatusCode();
        await AnalyseUnderThePullRequestTierAsync(app, api, issueId);

        // The analysis's announcement is what starts the session: the policy considers it.
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1);
        (await app.WithDbAsync(db => db.FixSessions.Select(s => s.ShipWhenValidated).SingleAsync())).ShouldBeTrue();
        github.Then(_ => Results.Json(new { number = 3, html_url = "https://github.com/acme/stats/pull/3" }, statusCode: 201));
        await app.RunFixSessionsAsync();

        var session = (await api.GetJsonAsync("/api/v1/fix-sessions")).Items().Single()!;
        var detail = await api.GetJsonAsync($"/api/v1/fix-sessions/{session["id"].Long()}");
        (detail["status"].Str(), detail["requestedBy"].Str(), detail["pullRequestUrl"].Str()).ShouldBe(("applied", "policy", "https://github.com/acme/stats/pull/3"));
        detail["approvedCandidateId"]!.GetValue<int>().ShouldBe(detail["candidates"]![0]!["id"]!.GetValue<int>());
        github.Requests.Single().Body["body"].Str().ShouldContain("Approved by autofix policy (pull-request tier).");
        remote.Git("log", "-1", "--format=%B", "bugsage/fix-default-1").ShouldContain("Issue: https://bugsage.example.com/issues/");
        (await app.WithDbAsync(db => db.IssueActivities.Where(a => a.IssueId == issueId && a.Kind.StartsWith("fix_")).Select(a => a.Kind).ToListAsync()))
            .ShouldBe(["fix_approved", "fix_applied"]);
    }

    [Fact]
    public async Task A_fix_to_a_file_the_test_command_runs_needs_extra_review_and_is_never_shipped_by_the_policy()
    {
        await using var github = await FakeModelServer.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:GitHub:ApiUrl"] = github.Address.ToString(), ["BugSage:RunsFixSessions"] = "false" });
        var api = await app.SignedInClientAsync();
        var issueId = await ArrangeAsync(app, api);
        var (projectId, _) = await app.DefaultKeyAsync();
        var repositoryId = await app.WithDbAsync(db => db.Repositories.Select(r => r.Id).SingleAsync());
        // The culprit, calc.py, is also run by the test command: a candidate that edits it chooses code that validation executes.
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/repositories/{repositoryId}",
            new { testCommand = "python3 calc.py && python3 -m unittest", accessToken = "ghp_test_token", gitHubRepository = "acme/stats" })).EnsureSuccessStatusCode();
        await AnalyseUnderThePullRequestTierAsync(app, api, issueId);
        (await app.ConsiderAnnouncedAsync()).ShouldBe(1);
        await app.RunFixSessionsAsync();

        var sessionId = (await api.GetJsonAsync("/api/v1/fix-sessions")).Items().Single()!["id"].Long();
        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        (session["status"].Str(), session["needsExtraReview"]!.GetValue<bool>()).ShouldBe(("awaiting_approval", true), "the policy leaves it to a person");
        var best = session["candidates"]![0]!;
        (best["validated"]!.GetValue<bool>(), best["extraReview"]![0].Str()).ShouldBe((true, "calc.py: runs during restore, build or test, and is the culprit the analysis named"));
        github.Requests.ShouldBeEmpty();

        var silent = await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { });
        silent.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await silent.ReadJsonAsync())["title"].Str().ShouldContain("approving it needs a comment saying it was reviewed");
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { comment = "read calc.py: only the guard changed" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_running_session_is_cancelled_and_its_sandbox_stopped()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:RunsFixSessions"] = "false" });
        var api = await app.SignedInClientAsync();
        var sessionId = await StartAsync(app, api);
        var (projectId, _) = await app.DefaultKeyAsync();
        var repositoryId = await app.WithDbAsync(db => db.Repositories.Select(r => r.Id).SingleAsync());
        // Tests that would take an hour: the session is still validating when it is cancelled, and
        // only a killed sandbox lets the run end within the generous deadlines below.
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/repositories/{repositoryId}", new { testCommand = "sleep 3600; python3 -m unittest" })).EnsureSuccessStatusCode();

        var run = app.RunFixSessionsAsync(TimeSpan.FromHours(2));
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!(await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}"))["steps"]!.AsArray().Any(s => s!["name"].Str() == "candidates"))
        {
            if (DateTime.UtcNow > deadline || run.IsCompleted) throw new TimeoutException("the session never reached its candidates");
            await Task.Delay(100);
        }
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        deadline = DateTime.UtcNow.AddMinutes(3);
        while (!run.IsCompleted)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the worker is waiting out the sandbox's tests instead of stopping them");
            await Task.Delay(100);
        }
        (await run).ShouldBe(1);
        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("cancelled");
        session["finishedAt"].ShouldNotBeNull();
        session["candidates"]!.AsArray().ShouldBeEmpty();
        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    private static Task<long> IssueIdAsync(BugSageFactory app) => app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());

    /// <summary>A webhook delivery as GitHub signs it: HMAC-SHA256 of the body with the secret, under a new delivery id unless one is given.</summary>
    internal static Task<HttpResponseMessage> Deliver(BugSageFactory app, string url, string kind, string body, string secret, string? deliveryId = null)
    {
        var signature = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(body)));
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", kind);
        request.Headers.Add("X-Hub-Signature-256", signature);
        request.Headers.Add("X-GitHub-Delivery", deliveryId ?? Guid.NewGuid().ToString());
        return app.CreateClient().SendAsync(request);
    }
}
