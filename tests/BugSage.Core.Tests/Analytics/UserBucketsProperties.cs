using BugSage.Core.Analytics;
using CsCheck;

namespace BugSage.Core.Tests.Analytics;

/// <summary>A series' users per bucket, read the fast way, answer what merging each bucket's stored sketches answers.</summary>
public class UserBucketsProperties
{
    private static readonly DateTime Midnight = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    // Rows in any order over a few buckets, so that buckets of one row and of several follow each other; each row's users
    // are drawn from a small pool (buckets share some) or are many (a dense sketch).
    private static readonly Gen<List<(DateTime Bucket, byte[] Sketch)>> Rows =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 40].Array[0, 30], Gen.Int[0, 3000])
            .Select((hour, users, extra) =>
            {
                var sketch = new UserSketch();
                foreach (var u in users) sketch.Add(RollupChanges.UserHash($"user-{u}"));
                for (var i = 0; i < extra; i += 1 + extra / 1500) sketch.Add(RollupChanges.UserHash($"many-{hour}-{i}"));
                return (Midnight.AddHours(hour), sketch.ToBytes());
            }).List[0, 12];

    [Fact]
    public void Each_bucket_and_the_total_are_the_estimates_of_their_merged_sketches() =>
        Rows.Sample(rows =>
        {
            var expected = rows.GroupBy(r => r.Bucket).OrderBy(g => g.Key).Select(g =>
            {
                var merged = new UserSketch();
                foreach (var (_, sketch) in g) merged.MergeBytes(sketch);
                return (g.Key, merged.Estimate());
            }).ToList();
            var all = new UserSketch();
            foreach (var (_, sketch) in rows) all.MergeBytes(sketch);

            var (buckets, total) = UserBuckets.Estimate([.. rows]);
            buckets.ShouldBe(expected);
            total.ShouldBe(all.Estimate());
        }, iter: 300);
}
