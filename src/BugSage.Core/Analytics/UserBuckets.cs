namespace BugSage.Core.Analytics;

/// <summary>
/// Users per bucket of a series and over the whole range, from the stored sketches that fall in each bucket: a bucket of
/// one stored sketch (every hour of a project's hourly series) is estimated from its bytes, a bucket of several is merged
/// into one reused sketch first, and the range's users are every stored sketch merged. Nothing is allocated per bucket:
/// an hourly series has 744 of them.
/// </summary>
public static class UserBuckets
{
    /// <summary>Each bucket that has a row, in time order, with its users; and the users of all rows together.</summary>
    public static (List<(DateTime Bucket, long Users)> Buckets, long Total) Estimate(List<(DateTime Bucket, byte[] Sketch)> rows)
    {
        rows.Sort((a, b) => a.Bucket.CompareTo(b.Bucket));
        var buckets = new List<(DateTime Bucket, long Users)>();
        var total = new UserSketch();
        var bucket = new UserSketch();
        for (var first = 0; first < rows.Count;)
        {
            var end = first + 1;
            while (end < rows.Count && rows[end].Bucket == rows[first].Bucket) end++;
            if (end - first == 1)
            {
                buckets.Add((rows[first].Bucket, UserSketch.EstimateOf(rows[first].Sketch)));
                total.MergeBytes(rows[first].Sketch);
            }
            else
            {
                bucket.Clear();
                for (var i = first; i < end; i++) bucket.MergeBytes(rows[i].Sketch);
                buckets.Add((rows[first].Bucket, bucket.Estimate()));
                total.Merge(bucket);
            }
            first = end;
        }
        return (buckets, total.Estimate());
    }
}
