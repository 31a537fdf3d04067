using System.Net;
using BugSage.Core.Analysis;
using BugSage.Core.Processing;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Robustness;

/// <summary>
/// Queued work is claimed under a lease that the running node renews. Work whose node died
/// (its lease ran out) is taken over by another node, up to the attempt limit; a live lease is
/// left alone; an item that throws fails alone, with the reason, and the worker goes on.
/// </summary>
public sealed class LeaseTests : IDisposable
{
    private const string DeadNode = "node-that-died";
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Theory, SqliteData, PostgresData]
    public async Task An_analysis_whose_node_died_is_taken_over_when_its_lease_runs_out(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var analysisId = await QueueAnalysisAsync(app);
        await ClaimedByDeadNodeAsync(app, analysisId, attempts: 1, expiresIn: TimeSpan.FromSeconds(-1));

        (await app.RunAnalysesAsync()).ShouldBe(1);

        var analysis = await AnalysisAsync(app, analysisId);
        (analysis.Status, analysis.Attempts, analysis.LeaseOwner, analysis.Category)
            .ShouldBe((AnalysisStatus.Done, 2, app.Services.GetRequiredService<NodeIdentity>().Id, "null-reference"));
    }

    [Fact]
    public async Task A_live_lease_is_left_alone()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var analysisId = await QueueAnalysisAsync(app);
        await ClaimedByDeadNodeAsync(app, analysisId, attempts: 1, expiresIn: TimeSpan.FromMinutes(1));

        (await app.Services.GetRequiredService<AnalysisWorker>().RunQueuedAsync(CancellationToken.None)).ShouldBe(0);

        var analysis = await AnalysisAsync(app, analysisId);
        (analysis.Status, analysis.Attempts, analysis.LeaseOwner).ShouldBe((AnalysisStatus.Running, 1, DeadNode));
    }

    [Fact]
    public async Task Work_whose_node_died_at_every_attempt_fails_with_the_reason()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var analysisId = await QueueAnalysisAsync(app);
        await ClaimedByDeadNodeAsync(app, analysisId, attempts: 3, expiresIn: TimeSpan.FromSeconds(-1));

        (await app.RunAnalysesAsync()).ShouldBe(0, "given up, not run");

        var analysis = await AnalysisAsync(app, analysisId);
        analysis.Status.ShouldBe(AnalysisStatus.Failed);
        analysis.Attempts.ShouldBe(3);
        analysis.Error.ShouldBe($"Given up after 3 attempts: the node running it ({DeadNode}) stopped each time before finishing.");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_fix_session_whose_node_died_is_finished_by_another(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        var started = await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var sessionId = (await started.ReadJsonAsync())["id"].Long();
        var expired = DateTime.UtcNow.AddSeconds(-1);
        // The dead node had claimed it and got as far as reading its context.
        (await app.WithDbAsync(db => db.FixSessions.Where(s => s.Id == sessionId && s.Status == "queued").ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, "running").SetProperty(x => x.LeaseOwner, DeadNode).SetProperty(x => x.LeaseExpiresAt, expired).SetProperty(x => x.Attempts, 1)
            .SetProperty(x => x.Steps, """[{"name":"context","status":"running","startedAt":"2026-01-01T00:00:00Z"}]""")))).ShouldBe(1);

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("awaiting_approval");
        session["steps"]!.AsArray().Select(s => $"{s!["name"].Str()}:{s["status"].Str()}").ShouldBe(["context:done", "analysis:done", "reproduction:failed", "candidates:done", "validation:done", "ready:done"]);
        (await app.WithDbAsync(db => db.FixSessions.Where(s => s.Id == sessionId).Select(s => s.Attempts).SingleAsync())).ShouldBe(2);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_analysis_that_throws_fails_alone_and_the_next_one_runs(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.SendErrorsAsync("getUser", 1);
        await app.SendErrorsAsync("loadCart", 1);
        var issues = await app.WithDbAsync(db => db.Issues.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync());
        // The first issue's stored event is unreadable: analysing it throws.
        await app.WithDbAsync(db => db.Events.Where(e => e.IssueId == issues[0]).ExecuteUpdateAsync(s => s.SetProperty(e => e.Payload, new byte[] { 1, 2, 3 })));
        var api = await app.SignedInClientAsync();
        foreach (var issueId in issues) (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await app.RunAnalysesAsync()).ShouldBe(2);

        var ids = await app.WithDbAsync(db => db.IssueAnalyses.OrderBy(a => a.IssueId).Select(a => a.Id).ToListAsync());
        var broken = await AnalysisAsync(app, ids[0]);
        var fine = await AnalysisAsync(app, ids[1]);
        broken.Status.ShouldBe(AnalysisStatus.Failed);
        broken.Error!.ShouldStartWith("Stopped by an unexpected error: ");
        fine.Status.ShouldBe(AnalysisStatus.Done);
        (await api.GetStringAsync("/metrics")).ShouldContain("bugsage_work_items_failed_total{worker=\"analysis\"} 1");
    }

    private static async Task<long> QueueAnalysisAsync(BugSageFactory app)
    {
        await app.SendErrorsAsync("getUser", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var api = await app.SignedInClientAsync();
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return await app.WithDbAsync(db => db.IssueAnalyses.Select(a => a.Id).SingleAsync());
    }

    /// <summary>
    /// Leaves the item as a node leaves it when it dies mid-run: running, under its name, with a
    /// lease it no longer renews.
    /// </summary>
    private static async Task ClaimedByDeadNodeAsync(BugSageFactory app, long analysisId, int attempts, TimeSpan expiresIn)
    {
        var expires = DateTime.UtcNow + expiresIn;
        (await app.WithDbAsync(db => db.IssueAnalyses.Where(a => a.Id == analysisId && a.Status == AnalysisStatus.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Status, AnalysisStatus.Running).SetProperty(a => a.LeaseOwner, DeadNode)
            .SetProperty(a => a.LeaseExpiresAt, expires).SetProperty(a => a.Attempts, attempts)))).ShouldBe(1);
    }

    private static Task<IssueAnalysis> AnalysisAsync(BugSageFactory app, long analysisId) =>
        app.WithDbAsync(db => db.IssueAnalyses.AsNoTracking().SingleAsync(a => a.Id == analysisId));
}
