using System.Net.Http.Json;
using System.Text.Json;
using BugSage.Core.Analysis;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analysis;

/// <summary>The policy decides which issues are analysed without anyone asking.</summary>
public class AutoAnalysisTests
{
    [Fact]
    public async Task Issues_reaching_the_minimum_are_analysed_once_within_the_hourly_limit()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var auto = app.Services.GetRequiredService<AutoAnalysis>();
        var api = await app.SignedInClientAsync();
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/config/autofix-policy")
        {
            Content = JsonContent.Create(new { minimumEvents = 3, maxAutomaticRunsPerHour = 1 }, options: JsonSerializerOptions.Web),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v0\"");
        (await api.SendAsync(put)).EnsureSuccessStatusCode();

        await app.SendErrorsAsync("getUser", 2);
        var first = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await auto.ConsiderAsync(first, CancellationToken.None)).ShouldBeFalse("2 events, the policy asks for 3");

        await app.SendErrorsAsync("getUser", 1);
        (await auto.ConsiderAsync(first, CancellationToken.None)).ShouldBeTrue("3 events reach the minimum");
        var analyses = await app.WithDbAsync(db => db.IssueAnalyses.Where(a => a.IssueId == first).ToListAsync());
        analyses.ShouldHaveSingleItem().RequestedBy.ShouldBe(AutoAnalysis.RequestedBy);
        (await auto.ConsiderAsync(first, CancellationToken.None)).ShouldBeFalse("already analysed");

        // The hourly limit of 1 is spent: a second busy issue waits.
        await app.SendErrorsAsync("getOrder", 3);
        var second = await app.WithDbAsync(db => db.Issues.Where(i => i.Id != first).Select(i => i.Id).SingleAsync());
        (await auto.ConsiderAsync(second, CancellationToken.None)).ShouldBeFalse("over the hourly limit");
        (await app.WithDbAsync(db => db.IssueAnalyses.CountAsync(a => a.IssueId == second))).ShouldBe(0);
    }

    [Fact]
    public async Task A_fixable_analysis_starts_a_fix_session_when_the_ceiling_allows_code()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var auto = app.Services.GetRequiredService<AutoAnalysis>();
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("getUser", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<AnalysisWorker>().RunQueuedAsync(CancellationToken.None);

        // The default ceiling is analysis: no session.
        (await auto.ConsiderFixAsync(issueId, CancellationToken.None)).ShouldBeFalse();
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/config/autofix-policy")
        {
            Content = JsonContent.Create(new { automationCeiling = "code", codeChangeFloor = 0.5, pullRequestFloor = 0.9 }, options: JsonSerializerOptions.Web),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v0\"");
        (await api.SendAsync(put)).EnsureSuccessStatusCode();
        (await auto.ConsiderFixAsync(issueId, CancellationToken.None)).ShouldBeTrue("the ceiling now allows code");
        var sessions = await app.WithDbAsync(db => db.FixSessions.Where(s => s.IssueId == issueId).ToListAsync());
        sessions.ShouldHaveSingleItem().RequestedBy.ShouldBe(AutoAnalysis.RequestedBy);
        (await auto.ConsiderFixAsync(issueId, CancellationToken.None)).ShouldBeFalse("one session per issue");
    }
}
