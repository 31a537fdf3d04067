using System.Buffers;

namespace BugSage.Core.Ingestion;

/// <summary>
/// Byte arrays for request bodies and stored payloads. Small ones come from the shared pool; ones
/// past the large object heap's threshold come from a pool of their own that keeps at most a few of
/// each size. The shared pool keeps one array per thread and more per core for every size it has
/// handed out, for a minute or more after their last use: a burst of large bodies (all a hostile
/// client needs to send) left tens of megabytes held there, and the server collector sized its
/// budgets to that larger heap (BENCHMARKS.md, "Hostile input: the ingestion fuzzer", session 34).
/// </summary>
public static class BytePool
{
    /// <summary>Up to this many bytes an array comes from the shared pool: below the large object heap's 85,000.</summary>
    public const int SharedMaxLength = 64 * 1024;

    /// <summary>Past this many bytes an array is not pooled at all.</summary>
    public const int MaxPooledLength = 1024 * 1024;

    /// <summary>
    /// Four per size, from 128 KiB to 1 MiB: under 8 MB held at most. Bodies in flight past that
    /// allocate arrays of their own, which the collector takes back with the large object heap.
    /// </summary>
    private static readonly ArrayPool<byte> Large = ArrayPool<byte>.Create(MaxPooledLength, maxArraysPerBucket: 4);

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes; give it back with <see cref="Return"/>.</summary>
    public static byte[] Rent(int minimumLength) => minimumLength switch
    {
        <= SharedMaxLength => ArrayPool<byte>.Shared.Rent(minimumLength),
        <= MaxPooledLength => Large.Rent(minimumLength),
        _ => GC.AllocateUninitializedArray<byte>(minimumLength),
    };

    /// <summary>Gives back an array <see cref="Rent"/> handed out (its length says which pool it came from).</summary>
    public static void Return(byte[] array)
    {
        switch (array.Length)
        {
            case 0: break;
            case <= SharedMaxLength: ArrayPool<byte>.Shared.Return(array); break;
            case <= MaxPooledLength: Large.Return(array); break;
        }
    }
}
