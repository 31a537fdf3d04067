using System.Net;
using BugSage.Core.Analysis;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analysis;

/// <summary>Starting an analysis queues it; the worker runs it; the latest result and the history are read back.</summary>
public class AnalysisApiTests
{
    [Theory, SqliteData, PostgresData]
    public async Task An_analysis_is_queued_run_in_the_background_and_read_back(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.SendErrorsAsync("getUser", 2);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var api = await app.SignedInClientAsync();
        var url = $"/api/v1/issues/{issueId}/analysis";
        (await api.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var heard = new List<string>();
        using var listening = app.Services.GetRequiredService<BugSage.Core.Processing.LiveNotifier>().Subscribe(e =>
        {
            lock (heard) heard.Add(e.Detail is null ? e.Name : $"{e.Name}: {e.Detail}");
            return ValueTask.CompletedTask;
        });
        var started = await api.PostAsync(url, null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var queued = await started.ReadJsonAsync();
        queued["status"].Str().ShouldBe("queued");
        (await api.GetJsonAsync($"/api/v1/issues/{issueId}/analyses")).AsArray().ShouldHaveSingleItem()!["status"].Str().ShouldBe("queued");
        (await app.RunAnalysesAsync()).ShouldBe(1);
        await app.WithDbAsync(async db => (await db.IssueAnalyses.SingleAsync()).Status.ShouldBe("done"));
        lock (heard) heard.ShouldBe(["analysis.progress: reading the event and its source", "analysis.progress: analysing with the offline engine", "analysis.completed"]);

        var result = await api.GetJsonAsync(url);
        result["category"].Str().ShouldBe("null-reference");
        result["engine"].Str().ShouldBe("offline");
        result["rootCause"]!["location"]!["function"].Str().ShouldBe("getUser");
        result["rootCause"]!["explanation"].Str().ShouldBe("users[id] is undefined when its property 'name' is read.");
        result["impact"]!["events"]!.GetValue<long>().ShouldBe(2);
        // A specific message (0.45), an in-app culprit (0.15), its source line (0.1) and the failing expression found (0.2).
        result["confidence"]!.GetValue<double>().ShouldBe(0.9);
        (await api.GetJsonAsync($"/api/v1/issues/{issueId}/analyses")).AsArray().ShouldHaveSingleItem()!["status"].Str().ShouldBe("done");

        // A viewer reads analyses but may not start them.
        var (viewer, _, _) = await app.NewTenantAsync("viewer@example.com");
        var orgId = await app.DefaultOrganizationAsync();
        (await api.PostJsonAsync($"/api/v1/organizations/{orgId}/members", new { email = "viewer@example.com", role = "viewer" })).EnsureSuccessStatusCode();
        (await viewer.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PostAsync(url, null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_issue_page_starts_an_analysis_and_shows_its_root_cause_and_evidence()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await app.SendErrorsAsync("getUser", 1);
        var (projectId, _) = await app.DefaultKeyAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var browser = await DashboardSession.SignInAsync(app);
        var page = $"/projects/{projectId}/issues/{issueId}";
        (await (await browser.Client.GetAsync(page)).Content.ReadAsStringAsync()).ShouldContain("No root-cause analysis has been run");

        (await browser.PostFormAsync($"/dashboard/issues/{issueId}/analysis")).Headers.Location!.OriginalString.ShouldBe(page + "#analysis");
        await app.Services.GetRequiredService<AnalysisWorker>().RunQueuedAsync(CancellationToken.None);
        var html = await (await browser.Client.GetAsync(page)).Content.ReadAsStringAsync();
        html.ShouldContain("users[id] is undefined when its property &#x27;name&#x27; is read.");
        html.ShouldContain("failing expression: users[id]");
        html.ShouldContain("Built-in offline engine");
    }
}
