using System.Collections.Concurrent;

namespace BugSage.Core.Analysis;

/// <summary>Why automatic analysis did or did not queue an analysis of an issue.</summary>
public enum Consideration
{
    Queued,
    /// <summary>The issue was deleted (or merged away) meanwhile.</summary>
    Gone,
    /// <summary>It has an analysis already: one per issue.</summary>
    Analysed,
    /// <summary>The organization's policy runs nothing on its own.</summary>
    PolicyOff,
    /// <summary>Fewer events than the policy's minimum.</summary>
    TooFewEvents,
    /// <summary>The organization's automatic runs for the past hour are spent.</summary>
    HourSpent,
    /// <summary>The offline estimate of its latest event is under the analysis floor.</summary>
    NotFixable,
    NoEvent,
}

/// <summary>
/// What automatic analysis remembers of its decisions on this node, so that an issue announced by every digested batch
/// (a busy issue is "updated" several times a second) is not weighed again each time: weighing one is five queries and
/// an offline estimate, and done for each announcement it took a fifth of the server's CPU under full ingestion.
/// An issue that was analysed (or deleted) is never weighed again; one declined for a reason that cannot change with its
/// next event rests a while: until its organization's hour frees up, a minute while the policy is off, a quarter of an
/// hour when its error looked unfixable (a regression ends that rest at once). A spent hour rests until its oldest run
/// turns an hour old, but at most <see cref="HourSpentRest"/>: a place also frees up when an analysed issue is deleted.
/// Too few events is never remembered: the next event may reach the minimum. A policy saved on this node forgets every
/// rest, and a decision made under the old policy that ends after the save is not remembered; other nodes learn of it
/// when their rests end. The memory is bounded: past <see cref="Capacity"/> issues it starts over, which costs one more
/// weighing each.
/// </summary>
public sealed class ConsiderationMemo(TimeProvider clock)
{
    public const int Capacity = 100_000;
    public static readonly TimeSpan PolicyOffRest = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan NotFixableRest = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan HourSpentRest = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<long, byte> settled = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> resting = new();
    private int generation;

    /// <summary>Moves on with each saved policy; a decision remembers only the rests of the generation it began in.</summary>
    public int Generation => Volatile.Read(ref generation);

    /// <summary>Whether an announcement of the issue is worth weighing now; a regression ends the issue's rest.</summary>
    public bool Worth(long issueId, bool regressed)
    {
        if (settled.ContainsKey(issueId)) return false;
        if (!resting.TryGetValue(issueId, out var until)) return true;
        if (regressed || clock.GetUtcNow() >= until)
        {
            resting.TryRemove(issueId, out _);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Remembers a decision begun in <paramref name="decidedIn"/> (<see cref="Generation"/>); <paramref name="hourFreesAt"/>
    /// is when the spent hour's oldest run turns an hour old.
    /// </summary>
    public void Remember(long issueId, Consideration decision, int decidedIn, DateTimeOffset? hourFreesAt = null)
    {
        var now = clock.GetUtcNow();
        switch (decision)
        {
            case Consideration.Queued or Consideration.Analysed or Consideration.Gone:
                // Count takes every lock of the set, but only here, once per weighing; announcements do not count.
                if (settled.Count >= Capacity) settled.Clear();
                settled[issueId] = 0;
                resting.TryRemove(issueId, out _);
                break;
            case Consideration.PolicyOff:
                Rest(issueId, now + PolicyOffRest, decidedIn);
                break;
            case Consideration.HourSpent:
                Rest(issueId, hourFreesAt is { } frees && frees < now + HourSpentRest ? frees : now + HourSpentRest, decidedIn);
                break;
            case Consideration.NotFixable:
                Rest(issueId, now + NotFixableRest, decidedIn);
                break;
        }
    }

    /// <summary>A policy changed: every rest was decided under the old one.</summary>
    public void ForgetRests()
    {
        Interlocked.Increment(ref generation);
        resting.Clear();
    }

    private void Rest(long issueId, DateTimeOffset until, int decidedIn)
    {
        if (decidedIn != Generation) return;
        if (resting.Count >= Capacity) resting.Clear();
        resting[issueId] = until;
        // A policy saved while this rest was written: forget it after all.
        if (decidedIn != Generation) resting.TryRemove(issueId, out _);
    }
}
