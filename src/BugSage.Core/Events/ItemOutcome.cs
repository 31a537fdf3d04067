namespace BugSage.Core.Events;

/// <summary>
/// Per-project counters of envelope items: discarded by clients (from <c>client_report</c>),
/// accepted but not stored (transactions, sessions, …), or dropped by the server.
/// </summary>
public sealed class ItemOutcome
{
    public long ProjectId { get; set; }

    /// <summary><c>client_discard</c>, <c>accepted</c> or <c>server_discard</c>.</summary>
    public required string Outcome { get; set; }
    public required string Category { get; set; }
    public required string Reason { get; set; }
    public long Quantity { get; set; }
}
