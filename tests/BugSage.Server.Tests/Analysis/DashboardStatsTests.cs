using System.Net;
using BugSage.Core.Analysis;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analysis;

/// <summary>The organization's numbers: models, analyses, issues and events, fresh after every change.</summary>
public class DashboardStatsTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Stats_count_models_analyses_issues_and_events_and_follow_changes(string provider)
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:RunsFixSessions"] = "false" }, clock: clock);
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("getUser", 3);
        await app.SendErrorsAsync("getOrder", 2);
        var orgId = await app.DefaultOrganizationAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.OrderBy(i => i.Id).Select(i => i.Id).FirstAsync());
        (await api.PostJsonAsync($"/api/v1/organizations/{orgId}/models", new { name = "local", provider = "openai", endpoint = "http://127.0.0.1:9/v1", model = "m", enabled = false })).EnsureSuccessStatusCode();
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<AnalysisWorker>().RunQueuedAsync(CancellationToken.None);

        var stats = await api.GetJsonAsync("/api/v1/dashboard/stats");
        stats["models"]!["configured"]!.GetValue<int>().ShouldBe(1);
        stats["models"]!["enabled"]!.GetValue<int>().ShouldBe(0);
        stats["analyses"]!["completed"]!.GetValue<int>().ShouldBe(1);
        stats["analyses"]!["active"]!.GetValue<int>().ShouldBe(0);
        stats["analyses"]!["averageConfidence"]!.GetValue<double>().ShouldBe(0.9, "the one analysis: a null reference with its expression found");
        (stats["issues"]!["total"]!.GetValue<int>(), stats["issues"]!["unresolved"]!.GetValue<int>(), stats["issues"]!["newLast24h"]!.GetValue<int>()).ShouldBe((2, 2, 2));
        (stats["events"]!["total"]!.GetValue<long>(), stats["events"]!["last24h"]!.GetValue<long>()).ShouldBe((5L, 5L));

        // A fix session is active while queued; without a linked repository it fails at its first step.
        (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).EnsureSuccessStatusCode();
        (await api.GetJsonAsync("/api/v1/dashboard/stats"))["fixSessions"]!["active"]!.GetValue<int>().ShouldBe(1);
        clock.Advance(TimeSpan.FromSeconds(90));
        await app.RunFixSessionsAsync();
        var fixes = (await api.GetJsonAsync("/api/v1/dashboard/stats"))["fixSessions"]!;
        (fixes["active"]!.GetValue<int>(), fixes["failed"]!.GetValue<int>(), fixes["awaitingApproval"]!.GetValue<int>()).ShouldBe((0, 1, 0));
        fixes["averageDurationSeconds"]!.GetValue<double>().ShouldBe(90, "queued, then run 90 s later on the test's clock");

        // A new event is counted at once: the digest's announcement drops the kept answer.
        await app.SendErrorsAsync("getUser", 1);
        (await api.GetJsonAsync("/api/v1/dashboard/stats"))["events"]!["total"]!.GetValue<long>().ShouldBe(6);

        var (stranger, _, _) = await app.NewTenantAsync("stranger@example.com");
        (await stranger.GetAsync($"/api/v1/dashboard/stats?organizationId={orgId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetJsonAsync("/api/v1/dashboard/stats"))["issues"]!["total"]!.GetValue<int>().ShouldBe(0);
    }
}
