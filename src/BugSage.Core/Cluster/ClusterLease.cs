namespace BugSage.Core.Cluster;

/// <summary>
/// Which node runs a periodic job (<see cref="Name"/>, the worker's name) until <see cref="ExpiresAt"/>. Taken and renewed
/// with one conditional upsert (<see cref="IJobLeadership"/>), so that of several nodes exactly one holds it at a time; a
/// node that dies stops renewing and another takes the job over once the lease has run out. Unused in one process.
/// </summary>
public sealed class ClusterLease
{
    public string Name { get; set; } = "";

    /// <summary>The node id (<see cref="Processing.NodeIdentity"/>) of the holder.</summary>
    public string Holder { get; set; } = "";

    public DateTime ExpiresAt { get; set; }
}
