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
/// hour when its error looked unfixable (a regression ends that rest at once). Too few events is never remembered: the
/// next event may reach the minimum. A policy saved on this node forgets every rest; other nodes learn of it when their
/// rests end. The memory is bounded: past <see cref="Capacity"/> issues it starts over, which costs one more weighing each.
/// </summary>
public sealed class ConsiderationMemo(TimeProvider clock)
{
    public const int Capacity = 100_000;
    public static readonly TimeSpan PolicyOffRest = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan NotFixableRest = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<long, byte> settled = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> resting = new();

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

    /// <summary>Remembers a decision; <paramref name="hourFreesAt"/> is when the spent hour's oldest run turns an hour old.</summary>
    public void Remember(long issueId, Consideration decision, DateTimeOffset? hourFreesAt = null)
    {
        switch (decision)
        {
            case Consideration.Queued or Consideration.Analysed or Consideration.Gone:
                if (settled.Count >= Capacity) settled.Clear();
                settled[issueId] = 0;
                resting.TryRemove(issueId, out _);
                break;
            case Consideration.PolicyOff:
                Rest(issueId, clock.GetUtcNow() + PolicyOffRest);
                break;
            case Consideration.HourSpent:
                Rest(issueId, hourFreesAt ?? clock.GetUtcNow() + PolicyOffRest);
                break;
            case Consideration.NotFixable:
                Rest(issueId, clock.GetUtcNow() + NotFixableRest);
                break;
        }
    }

    /// <summary>A policy changed: every rest was decided under the old one.</summary>
    public void ForgetRests() => resting.Clear();

    private void Rest(long issueId, DateTimeOffset until)
    {
        if (resting.Count >= Capacity) resting.Clear();
        resting[issueId] = until;
    }
}
