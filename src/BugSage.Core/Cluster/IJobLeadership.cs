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
}
