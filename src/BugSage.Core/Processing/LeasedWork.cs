namespace BugSage.Core.Processing;

/// <summary>
/// A row of a queue kept in the database: queued, then running under a node's lease, then
/// finished by the worker. A lease that runs out puts the item back for any node to claim.
/// </summary>
public interface ILeasedWork
{
    long Id { get; }
    string Status { get; set; }
    string? Error { get; set; }
    DateTime? FinishedAt { get; set; }

    /// <summary>The node running the item; null until claimed.</summary>
    string? LeaseOwner { get; set; }

    /// <summary>When the claim runs out unless the owner renews it.</summary>
    DateTime? LeaseExpiresAt { get; set; }

    /// <summary>How many times the item was claimed.</summary>
    int Attempts { get; set; }
}

/// <summary>The statuses every queue shares; each kind of work adds its own finished ones.</summary>
public static class LeasedWorkStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Failed = "failed";
}
