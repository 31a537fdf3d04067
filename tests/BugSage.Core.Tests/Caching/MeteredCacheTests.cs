using System.Diagnostics.Metrics;
using BugSage.Core.Caching;
using BugSage.Core.Processing;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core.Tests.Caching;

/// <summary>Reads through the cache load once, count hits and misses, keep "not found" answers, and forget by key and tag.</summary>
public sealed class MeteredCacheTests : IDisposable
{
    private static readonly HybridCacheEntryOptions Minute = new() { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromMinutes(1) };
    private readonly ServiceProvider services;
    private readonly MeteredCache cache;
    private readonly MeterListener listener = new();
    private readonly List<string> outcomes = [];
    private int loads;

    public MeteredCacheTests()
    {
        services = new ServiceCollection().AddSingleton<BugSageMetrics>().AddHybridCache().Services.AddSingleton<MeteredCache>().BuildServiceProvider();
        cache = services.GetRequiredService<MeteredCache>();
        var own = services.GetRequiredService<BugSageMetrics>().Meter;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, own) && instrument.Name == "bugsage_cache_requests_total") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var cacheName = tags.ToArray().Single(t => t.Key == "cache").Value;
            lock (outcomes) outcomes.Add($"{cacheName}:{tags.ToArray().Single(t => t.Key == "outcome").Value}");
        });
        listener.Start();
    }

    private ValueTask<string?> ReadAsync(string key, string? answer, params string[] tags) =>
        cache.GetOrLoadAsync("test", key, answer, (a, _) =>
        {
            Interlocked.Increment(ref loads);
            return ValueTask.FromResult(a);
        }, Minute, tags, CancellationToken.None);

    [Fact]
    public async Task The_second_read_is_a_hit_and_each_is_counted_by_outcome()
    {
        (await ReadAsync("k", "one")).ShouldBe("one");
        (await ReadAsync("k", "two")).ShouldBe("one");
        loads.ShouldBe(1);
        outcomes.ShouldBe(["test:miss", "test:hit"]);
    }

    [Fact]
    public async Task A_not_found_answer_is_kept_too_so_unknown_keys_cost_one_load()
    {
        (await ReadAsync("unknown", null)).ShouldBeNull();
        (await ReadAsync("unknown", null)).ShouldBeNull();
        loads.ShouldBe(1);
    }

    [Fact]
    public async Task Forgetting_a_key_or_a_tag_makes_the_next_read_load_again()
    {
        await ReadAsync("a", "1", "issues:7");
        await ReadAsync("b", "1", "issues:8");
        await cache.ForgetAsync("b");
        await cache.ForgetTagAsync("issues:7");
        (await ReadAsync("a", "2", "issues:7")).ShouldBe("2");
        (await ReadAsync("b", "2", "issues:8")).ShouldBe("2");
        loads.ShouldBe(4);
    }

    public void Dispose()
    {
        listener.Dispose();
        services.Dispose();
    }
}
