namespace BugSage.Core.Analytics;

/// <summary>
/// Fixed duration buckets for medians of time to resolve and to first triage over many issues: under a minute, then
/// bounds growing by 2^(1/4) (about 19%) from one minute to about 433 days (past the longest range a question may
/// span), then everything longer, which reads as 433 days. A median read
/// from the bucket counts (linear inside the bucket holding it) is within one bucket's width of the exact median:
/// at most 19% of it, or a minute when it is under a minute. The bounds are part of the schema (the triggers of
/// <see cref="IssueTimeSql"/> compute them): changing them needs a migration and a rebuild.
/// </summary>
public static class DurationHistogram
{
    public const short Resolve = 0;
    public const short Triage = 1;

    /// <summary>Upper bounds in milliseconds: bucket 0 holds durations under <c>Bounds[0]</c>, bucket k those in [Bounds[k−1], Bounds[k]), the last bucket the rest.</summary>
    public static readonly long[] Bounds = Enumerable.Range(0, 78).Select(k => (long)Math.Round(60_000 * Math.Pow(2, k / 4.0))).ToArray();

    public static int Buckets => Bounds.Length + 1;

    public static short BucketOf(long ms)
    {
        var at = Array.BinarySearch(Bounds, ms);
        return (short)(at >= 0 ? at + 1 : ~at);
    }

    /// <summary>
    /// The median in hours of durations given as counts per bucket, as the exact median would be taken (the middle
    /// value, or the mean of the two middle ones), each middle value placed linearly inside its bucket; null with no counts.
    /// </summary>
    public static double? MedianHours(IReadOnlyDictionary<short, long> counts)
    {
        var total = counts.Values.Sum();
        if (total <= 0) return null;
        var low = ValueAt((total - 1) / 2, counts);
        var high = ValueAt(total / 2, counts);
        return Math.Round((low + high) / 2 / 3_600_000.0, 2);
    }

    /// <summary>The estimated milliseconds of the value at 0-based <paramref name="rank"/> in sorted order.</summary>
    private static double ValueAt(long rank, IReadOnlyDictionary<short, long> counts)
    {
        long seen = 0;
        foreach (var (bucket, count) in counts.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key))
        {
            if (rank < seen + count)
            {
                double lower = bucket == 0 ? 0 : Bounds[bucket - 1];
                // The last bucket has no upper bound: its values read as its lower bound.
                double upper = bucket < Bounds.Length ? Bounds[bucket] : lower;
                return lower + (rank - seen + 0.5) / count * (upper - lower);
            }
            seen += count;
        }
        return Bounds[^1];
    }
}
