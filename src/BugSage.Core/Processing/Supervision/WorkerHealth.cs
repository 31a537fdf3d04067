using System.Collections.Concurrent;

namespace BugSage.Core.Processing.Supervision;

/// <summary>
/// How each background worker of this node is doing: a worker that keeps failing is restarted
/// by its supervisor and reported here, so that <c>/health/ready</c> and the metrics show it
/// while the process stays up.
/// </summary>
public sealed class WorkerHealth(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, WorkerState> workers = new();

    public sealed record WorkerState(string Name, int ConsecutiveFailures, DateTime? FailingSince, string? LastError, DateTime? LastErrorAt, long Restarts);

    public IReadOnlyList<WorkerState> Workers => [.. workers.Values.OrderBy(w => w.Name, StringComparer.Ordinal)];

    /// <summary>The worker finished a round of work: whatever failed before is over.</summary>
    public void Succeeded(string name) =>
        workers.AddOrUpdate(name, n => new WorkerState(n, 0, null, null, null, 0),
            (_, s) => s.ConsecutiveFailures == 0 ? s : s with { ConsecutiveFailures = 0, FailingSince = null });

    /// <summary>The worker's loop ended with an error and will be restarted.</summary>
    public void Failed(string name, Exception error)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = $"{error.GetType().Name}: {error.Message}".Truncate(500);
        workers.AddOrUpdate(name, n => new WorkerState(n, 1, now, message, now, 1),
            (_, s) => s with { ConsecutiveFailures = s.ConsecutiveFailures + 1, FailingSince = s.FailingSince ?? now, LastError = message, LastErrorAt = now, Restarts = s.Restarts + 1 });
    }

    public int ConsecutiveFailures(string name) => workers.TryGetValue(name, out var s) ? s.ConsecutiveFailures : 0;
}
