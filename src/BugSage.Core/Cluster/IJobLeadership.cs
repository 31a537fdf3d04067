namespace BugSage.Core.Cluster;

/// <summary>
/// Says whether this node leads a periodic job, so that a job meant to run once per period runs on one node of a
/// cluster, not on each. None is registered in one process: the one node leads every job.
/// </summary>
public interface IJobLeadership
{
    /// <summary>
    /// True when this node holds the job's lease now, taking it first when it is free or has run out. From then on the
    /// lease is renewed in the background until this node stops or loses the database for longer than the lease.
    /// </summary>
    ValueTask<bool> LeadsAsync(string job, CancellationToken ct);

    /// <summary>
    /// Runs one round of the job when this node leads it (true when it ran). The round counts as running until it
    /// returns: a node that stops hands its leases back only once its rounds are over, never while one still runs.
    /// </summary>
    Task<bool> RunIfLeadingAsync(string job, Func<CancellationToken, Task> round, CancellationToken ct);
}
