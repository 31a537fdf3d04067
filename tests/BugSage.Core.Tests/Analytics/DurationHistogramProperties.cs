using BugSage.Core.Analytics;
using CsCheck;

namespace BugSage.Core.Tests.Analytics;

/// <summary>The duration buckets behind medians over many issues: the error bound docs/analytics.md states.</summary>
public class DurationHistogramProperties
{
    // Durations from none to the last bound (about 433 days; longer ones read as it), biased to the hours and days issues take.
    private static readonly Gen<long> Durations = Gen.OneOf(Gen.Long[0, 120_000], Gen.Long[0, 86_400_000L * 30], Gen.Long[0, DurationHistogram.Bounds[^1] - 1]);

    [Fact]
    public void A_median_from_bucket_counts_is_within_one_bucket_width_of_the_exact_median()
    {
        Gen.Select(Durations.List[1, 400], ms => ms).Sample(durations =>
        {
            var counts = durations.GroupBy(DurationHistogram.BucketOf).ToDictionary(g => g.Key, g => (long)g.Count());
            var sorted = durations.Order().ToList();
            var exactMs = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
            var estimate = DurationHistogram.MedianHours(counts)!.Value;
            // Within 19% of the exact median, or a minute below a minute (plus the answer's rounding to 0.01 h).
            var allowed = Math.Max(exactMs * (Math.Pow(2, 0.25) - 1), 60_000) / 3_600_000 + 0.01;
            Math.Abs(estimate - exactMs / 3_600_000).ShouldBeLessThanOrEqualTo(allowed);
        }, iter: 2_000);
    }

    [Fact]
    public void Buckets_split_at_their_bounds_and_negative_durations_fall_in_the_first()
    {
        DurationHistogram.BucketOf(-5).ShouldBe((short)0);
        DurationHistogram.BucketOf(59_999).ShouldBe((short)0);
        DurationHistogram.BucketOf(60_000).ShouldBe((short)1);
        DurationHistogram.BucketOf(DurationHistogram.Bounds[^1]).ShouldBe((short)DurationHistogram.Bounds.Length);
        DurationHistogram.Bounds[^1].ShouldBeGreaterThan(86_400_000L * 400, "the last bound is past the longest range a question may span");
        DurationHistogram.MedianHours(new Dictionary<short, long>()).ShouldBeNull();
    }
}
