using BugSage.Core.Caching;

namespace BugSage.Core.Tests.Caching;

public class ExpiringCacheTests
{
    /// <summary>A clock whose monotonic timestamp moves only when told.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        public long Ticks { get; set; }
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    private static Func<string, Task<int>> Counting(List<string> loads) => key =>
    {
        loads.Add(key);
        return Task.FromResult(loads.Count);
    };

    [Fact]
    public async Task An_answer_is_kept_for_its_lifetime_then_loaded_again()
    {
        var clock = new SteppedClock();
        var cache = new ExpiringCache<string, int>(TimeSpan.FromSeconds(5), 100, clock);
        var loads = new List<string>();
        (await cache.GetAsync("a", Counting(loads))).ShouldBe(1);
        clock.Advance(TimeSpan.FromSeconds(4));
        (await cache.GetAsync("a", Counting(loads))).ShouldBe(1);
        clock.Advance(TimeSpan.FromSeconds(1));
        (await cache.GetAsync("a", Counting(loads))).ShouldBe(2);
    }

    [Fact]
    public async Task Forgetting_one_or_all_loads_again_at_once()
    {
        var cache = new ExpiringCache<string, int>(TimeSpan.FromMinutes(1), 100, new SteppedClock());
        var loads = new List<string>();
        await cache.GetAsync("a", Counting(loads));
        await cache.GetAsync("b", Counting(loads));
        cache.Forget("a");
        (await cache.GetAsync("a", Counting(loads))).ShouldBe(3);
        (await cache.GetAsync("b", Counting(loads))).ShouldBe(2);
        cache.ForgetAll();
        (await cache.GetAsync("b", Counting(loads))).ShouldBe(4);
    }

    [Fact]
    public async Task An_update_keeps_the_answers_age_and_a_full_cache_starts_over()
    {
        var clock = new SteppedClock();
        var cache = new ExpiringCache<string, int>(TimeSpan.FromSeconds(5), 2, clock);
        var loads = new List<string>();
        await cache.GetAsync("a", Counting(loads));
        clock.Advance(TimeSpan.FromSeconds(3));
        cache.Update("a", v => v + 100);
        (await cache.GetAsync("a", Counting(loads))).ShouldBe(101);
        clock.Advance(TimeSpan.FromSeconds(2));
        (await cache.GetAsync("a", Counting(loads))).ShouldBe(2, "an update does not make an answer younger");
        await cache.GetAsync("b", Counting(loads));
        await cache.GetAsync("c", Counting(loads));
        (await cache.GetAsync("a", Counting(loads))).ShouldBe(5, "past its bound the cache started over");
    }
}
