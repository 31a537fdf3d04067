using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Operations;

/// <summary>
/// A stopped and disposed application leaves nothing behind that keeps it alive: no timer, cache or closure of the
/// process reaches its services. The suite starts hundreds of servers in one process; each one kept used to hold about
/// 90 MB until the run ended (the rate limiter's heartbeat kept the whole pipeline).
/// </summary>
public sealed class StoppedApplicationTests
{
    [Fact]
    public async Task A_stopped_application_is_collected_after_serving_rate_limited_requests()
    {
        // Caches of the process that hold the first application of a kind for its life (EF Core's internal service
        // providers, SQLite's pool-pruning timer) are filled by this one, so that the ones measured are not the first.
        await UseAsync(await BugSageFactory.CreateAsync("sqlite"));

        var stopped = new List<WeakReference>();
        for (var i = 0; i < 3; i++) stopped.Add(await UseAsync(await BugSageFactory.CreateAsync("sqlite")));
        // What the applications' last work left running (a stop's final callbacks) may hold one for a moment: collected
        // again until none is left or the deadline passes. One kept for good stays reachable whatever the wait.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (!stopped.Any(s => s.IsAlive) || DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }

        stopped.Count(s => s.IsAlive).ShouldBe(0, "a stopped application's services are still reachable");
    }

    /// <summary>Signs in and reads the API (both rate-limited), digests an event, stops; returns a weak reference to its services.</summary>
    private static async Task<WeakReference> UseAsync(BugSageFactory app)
    {
        await using (app)
        {
            var api = await app.SignedInClientAsync();
            await app.SendErrorsAsync("chargeCard", 1);
            var (projectId, _) = await app.DefaultKeyAsync();
            (await api.GetAsync($"/api/v1/projects/{projectId}/issues")).EnsureSuccessStatusCode();
            return new WeakReference(app.Services);
        }
    }
}
