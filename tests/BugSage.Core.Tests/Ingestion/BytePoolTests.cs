using BugSage.Core.Ingestion;

namespace BugSage.Core.Tests.Ingestion;

/// <summary>
/// The byte pool behind request bodies and stored payloads: every size gets an array at least that
/// long, large arrays are reused, and no more than a few of each large size are kept however many
/// were in use at once (the shared pool kept dozens).
/// </summary>
public sealed class BytePoolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(BytePool.SharedMaxLength)]
    [InlineData(BytePool.SharedMaxLength + 1)]
    [InlineData(BytePool.MaxPooledLength)]
    [InlineData(BytePool.MaxPooledLength + 1)]
    [InlineData(3 * BytePool.MaxPooledLength + 5)]
    public void Every_size_gets_an_array_at_least_that_long_and_takes_it_back(int length)
    {
        var array = BytePool.Rent(length);

        Assert.True(array.Length >= length);
        // An array past the pooled sizes is exactly as long as asked: a body joined from chunks
        // must not cost twice its size.
        if (length > BytePool.MaxPooledLength) Assert.Equal(length, array.Length);
        BytePool.Return(array);
        BytePool.Return([]);
    }

    [Fact]
    public void Large_arrays_are_reused_but_only_a_few_of_each_size_are_kept()
    {
        // 600 KiB comes from the 1 MiB bucket, which in this test process only the compressor of an
        // event near a megabyte would share.
        const int Length = 600 * 1024;
        var first = Enumerable.Range(0, 12).Select(_ => BytePool.Rent(Length)).ToList();
        foreach (var array in first) BytePool.Return(array);

        var second = Enumerable.Range(0, 12).Select(_ => BytePool.Rent(Length)).ToList();
        var reused = second.Count(array => first.Any(earlier => ReferenceEquals(earlier, array)));
        foreach (var array in second) BytePool.Return(array);

        Assert.InRange(reused, 1, 4);
    }
}
