namespace BugSage.Core.Cluster;

/// <summary>
/// Fixed-window counters that every node of a cluster shares (in Redis), so that a limit holds once for the cluster
/// rather than once per node. None is registered in one process: each limiter then counts in memory.
/// </summary>
public interface ISharedCounters
{
    /// <summary>
    /// Adds <paramref name="permits"/> to <paramref name="key"/>'s window, opening one of length <paramref name="window"/>
    /// when none is open. Null when the shared store cannot be reached: the caller counts on this node instead
    /// (the failure is logged by the store), since refusing everyone while Redis is away would be worse.
    /// </summary>
    ValueTask<SharedCount?> AddAsync(string key, int permits, TimeSpan window, CancellationToken ct);
}

/// <summary>A shared window's count after an addition, and how long until the window ends.</summary>
public readonly record struct SharedCount(long Count, TimeSpan ResetsIn);
