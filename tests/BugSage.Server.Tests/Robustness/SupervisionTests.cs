using System.Net;
using BugSage.Core.Analysis;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Robustness;

/// <summary>A background worker whose every round fails is restarted with backoff, shown on readiness and in metrics, and the server keeps serving.</summary>
public sealed class SupervisionTests
{
    [Fact]
    public async Task A_worker_that_keeps_failing_is_restarted_and_reported_while_the_server_serves()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Workers:RunInBackground"] = "true" });
        // The analysis queue's table is gone: every round of the hosted analysis worker throws.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE issue_analyses"));
        var worker = app.Services.GetRequiredService<AnalysisWorker>();
        var client = app.CreateClient();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var health = await client.GetJsonAsync("/health/ready");
        while (health["checks"]!["workers"]!["status"].Str() == "Healthy")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the failing worker never showed on /health/ready");
            worker.Wake();
            await Task.Delay(50);
            health = await client.GetJsonAsync("/health/ready");
        }

        health["checks"]!["workers"]!["status"].Str().ShouldBe("Degraded");
        health["checks"]!["workers"]!["description"].Str().ShouldContain("analysis (SqliteException");
        (await client.GetStringAsync("/metrics")).ShouldContain("bugsage_worker_failures_total{worker=\"analysis\"}");
        // The host is still up and answering.
        (await (await app.SignedInClientAsync()).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
