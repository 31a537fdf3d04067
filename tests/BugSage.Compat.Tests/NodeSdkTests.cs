using System.Text.Json.Nodes;
using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Compat.Tests;

/// <summary>The real @sentry/node reports to BugSage unchanged; what lands is checked through the API.</summary>
public sealed class NodeSdkTests : IAsyncLifetime
{
    private SdkServer server = null!;
    private HttpClient api = null!;

    public async Task InitializeAsync()
    {
        server = await SdkServer.StartAsync();
        api = await server.App.SignedInClientAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<List<string>> RunAsync(string scenario, int expectedExitCode = 0)
    {
        var run = await SdkAssets.RunNodeScenarioAsync(scenario, server.Dsn);
        run.ExitCode.ShouldBe(expectedExitCode, run.Stderr + run.Stdout);
        await server.App.DigestAsync();
        return expectedExitCode == 0
            ? JsonNode.Parse(run.Stdout)!["eventIds"]!.AsArray().Select(id => id!.GetValue<string>()).ToList()
            : [];
    }

    private async Task<JsonNode> EventAsync(string eventId) =>
        (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/events/{eventId}"))["event"]!;

    private async Task<JsonArray> IssuesAsync() =>
        (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/issues")).Items();

    [Fact]
    public async Task Captured_exception_arrives_with_stack_breadcrumbs_user_and_tags()
    {
        var eventId = (await RunAsync("exception")).ShouldHaveSingleItem();
        var evt = await EventAsync(eventId);
        evt["title"].Str().ShouldBe("TypeError: Cannot read properties of undefined (reading 'name')");
        evt["platform"].Str().ShouldBe("node");
        evt["release"].Str().ShouldBe("compat@1.0.0");
        evt["environment"].Str().ShouldBe("compat");
        evt["sdk"]!["name"].Str().ShouldBe("sentry.javascript.node");
        evt["user"]!["id"].Str().ShouldBe("user-7");
        evt["tags"]!.AsArray().ShouldContain(t => t!["key"].Str() == "feature" && t["value"].Str() == "checkout");
        evt["breadcrumbs"]!.AsArray().Select(b => b!["message"]?.GetValue<string>()).ShouldContain("Added 2 items to the cart");
        evt["extra"]!["password"].Str().ShouldBe("[Filtered]");
        var frames = evt["exception"]!["values"]![0]!["stacktrace"]!["frames"]!.AsArray();
        var culprit = frames.Last(f => f!["inApp"]!.GetValue<bool>())!;
        culprit["function"].Str().ShouldBe("findUser");
        culprit["filename"].Str().ShouldEndWith("scenarios.mjs");
        culprit["contextLine"].Str().Trim().ShouldBe("return users[id].name;");
        (await IssuesAsync()).ShouldHaveSingleItem()!["culprit"].Str().ShouldStartWith("findUser(");
    }

    [Fact]
    public async Task Captured_message_becomes_an_issue_at_its_level()
    {
        var eventId = (await RunAsync("message")).ShouldHaveSingleItem();
        (await EventAsync(eventId))["message"].Str().ShouldBe("Payment provider answered slowly after 1834 ms");
        var issue = (await IssuesAsync()).ShouldHaveSingleItem()!;
        issue["level"].Str().ShouldBe("warning");
        issue["title"].Str().ShouldBe("Payment provider answered slowly after 1834 ms");
    }

    [Fact]
    public async Task A_custom_fingerprint_puts_different_errors_in_one_issue()
    {
        (await RunAsync("fingerprint")).Count.ShouldBe(2);
        var issue = (await IssuesAsync()).ShouldHaveSingleItem()!;
        issue["count"].Long().ShouldBe(2);
        var grouping = (await api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/grouping")).AsArray().ShouldHaveSingleItem()!;
        grouping["variant"].Str().ShouldBe("custom-fingerprint");
    }

    [Fact]
    public async Task A_chained_error_keeps_its_cause()
    {
        var eventId = (await RunAsync("chained")).ShouldHaveSingleItem();
        var values = (await EventAsync(eventId))["exception"]!["values"]!.AsArray();
        values.Count.ShouldBe(2);
        values.Select(v => v!["value"].Str()).ShouldBe(["socket hang up", "Could not load the profile"]);
        (await IssuesAsync()).ShouldHaveSingleItem()!["title"].Str().ShouldBe("Error: Could not load the profile");
    }

    [Fact]
    public async Task A_large_gzipped_event_arrives_whole()
    {
        var eventId = (await RunAsync("large")).ShouldHaveSingleItem();
        (await EventAsync(eventId))["extra"]!["report"].Str().Length.ShouldBe(80000);
    }

    [Fact]
    public async Task An_uncaught_exception_is_reported_before_the_process_dies()
    {
        await RunAsync("uncaught", expectedExitCode: 1);
        var issue = (await IssuesAsync()).ShouldHaveSingleItem()!;
        issue["title"].Str().ShouldBe("RangeError: Worker queue index out of range");
        issue["level"].Str().ShouldBe("fatal");
        var latest = (await api.GetJsonAsync($"/api/v1/issues/{issue["id"]}/events")).Items().ShouldHaveSingleItem()!;
        var mechanism = (await EventAsync(latest["eventId"].Str()))["exception"]!["values"]![0]!["mechanism"]!;
        mechanism["handled"]!.GetValue<bool>().ShouldBeFalse();
    }

    /// <summary>
    /// Release health from the sessions the SDK keeps by itself (one per process): one ends cleanly, one errors (an update
    /// with the error, then its end at exit) and one crashes, each process with a user of its own. Only the crash counts
    /// against crash-free sessions and users.
    /// </summary>
    [Fact]
    public async Task Process_sessions_give_the_release_its_crash_free_sessions_and_users()
    {
        (await RunAsync("healthy")).ShouldBeEmpty();
        (await RunAsync("exception")).ShouldHaveSingleItem();
        await RunAsync("uncaught", expectedExitCode: 1);
        var from = Uri.EscapeDataString(DateTime.UtcNow.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTime.UtcNow.AddHours(1).ToString("O"));
        var report = await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/analytics?from={from}&to={to}");
        var release = report["releases"]!.AsArray().Single(r => r!["release"].Str() == "compat@1.0.0")!;
        release["events"].Long().ShouldBe(2);
        release["sessions"].Long().ShouldBe(3, "one session per process, however many updates each sent");
        release["crashFreeSessions"]!.GetValue<double>().ShouldBe(66.66);
        release["crashFreeUsers"]!.GetValue<double>().ShouldBe(66.66, "user-9 crashed; user-7 only errored");
    }
}
