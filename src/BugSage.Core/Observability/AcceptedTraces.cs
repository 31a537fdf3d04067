using System.Collections.Concurrent;
using System.Diagnostics;
using BugSage.Core.Processing.Inbox;

namespace BugSage.Core.Observability;

/// <summary>
/// The span that accepted each envelope still waiting in this node's inbox, so the digest span
/// that stores it can link back to it. Held in memory rather than in the inbox record: the record
/// format stays as it is for records already on disk, and after a restart an envelope simply has
/// no link. Bounded, because a digest that stops must not let this grow with the backlog.
/// </summary>
public sealed class AcceptedTraces
{
    /// <summary>More links than a trace viewer shows for one batch; older entries are dropped first.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<InboxPosition, ActivityContext> accepted = new();
    private readonly ConcurrentQueue<InboxPosition> order = new();

    /// <summary>Remembers the current span, if one is being recorded, as the one that accepted the record.</summary>
    public void Remember(InboxPosition position)
    {
        if (Activity.Current is not { Recorded: true } current) return;
        accepted[position] = current.Context;
        order.Enqueue(position);
        while (order.Count > Capacity && order.TryDequeue(out var oldest)) accepted.TryRemove(oldest, out _);
    }

    /// <summary>Links to the spans that accepted these records, forgetting them: each record is digested once.</summary>
    public List<ActivityLink> TakeLinks(IEnumerable<InboxRecord> records)
    {
        var links = new List<ActivityLink>();
        if (accepted.IsEmpty) return links;
        foreach (var record in records)
            if (accepted.TryRemove(record.Position, out var context)) links.Add(new ActivityLink(context));
        return links;
    }
}
