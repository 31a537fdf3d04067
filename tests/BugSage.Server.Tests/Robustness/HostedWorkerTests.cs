using System.Net.Http.Json;
using BugSage.Core.Analysis;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Robustness;

/// <summary>
/// The one test host whose workers run on their own, as in production: every other test drives
/// them by hand. An error that arrives is analysed, and its fix session run, with nobody asking.
/// </summary>
public sealed class HostedWorkerTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task Hosted_workers_analyse_an_arriving_error_and_run_its_fix_session_on_their_own()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Workers:RunInBackground"] = "true" });
        var api = await app.SignedInClientAsync();
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/config/autofix-policy")
        {
            Content = JsonContent.Create(new { automationCeiling = "code", analysisFloor = 0.1, codeChangeFloor = 0.2, pullRequestFloor = 0.3, minimumEvents = 1 }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v0\"");
        (await api.SendAsync(put)).EnsureSuccessStatusCode();

        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await app.WithDbAsync(db => db.FixSessions.Where(s => s.IssueId == issueId).Select(s => s.Status).FirstOrDefaultAsync()) is not "awaiting_approval")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the hosted workers never brought the issue to a fix awaiting approval");
            await Task.Delay(100);
        }
        var analysis = await app.WithDbAsync(db => db.IssueAnalyses.AsNoTracking().SingleAsync(a => a.IssueId == issueId));
        (analysis.Status, analysis.RequestedBy).ShouldBe((AnalysisStatus.Done, AutoAnalysis.RequestedBy));
        (await app.WithDbAsync(db => db.FixSessions.SingleAsync(s => s.IssueId == issueId))).RequestedBy.ShouldBe(AutoAnalysis.RequestedBy);
    }
}
