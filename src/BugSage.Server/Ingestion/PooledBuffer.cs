using System.Buffers;

namespace BugSage.Server.Ingestion;

/// <summary>
/// A growable byte buffer, returned on dispose. Buffers up to a megabyte come from the shared
/// pool; larger ones (a big attachment, a compression bomb cut off at the limit) are plain
/// arrays the collector takes back, since the shared pool would keep them for the process's life.
/// </summary>
internal sealed class PooledBuffer : IDisposable
{
    private const int LargestPooled = 1024 * 1024;
    private readonly IngestMemoryBudget? budget;
    private byte[] array;

    /// <param name="budget">Where the buffer's bytes are counted while it holds them, if anywhere.</param>
    public PooledBuffer(int initialCapacity, IngestMemoryBudget? budget = null)
    {
        this.budget = budget;
        array = Counted(Rent(initialCapacity));
    }

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => array.AsMemory(0, Length);

    /// <summary>
    /// Fills the buffer from a stream; throws when it would pass <paramref name="limit"/> bytes, or
    /// when <paramref name="firstLineLimit"/> is given and no newline comes within that many bytes.
    /// </summary>
    public async Task ReadFromAsync(Stream source, long limit, string what, CancellationToken ct, int? firstLineLimit = null)
    {
        var lineChecked = firstLineLimit is null;
        while (true)
        {
            if (Length == array.Length) Grow(limit);
            var read = await source.ReadAsync(array.AsMemory(Length, (int)Math.Min(array.Length - Length, limit + 1 - Length)), ct);
            if (read == 0) return;
            Length += read;
            if (Length > limit) throw new Core.Ingestion.PayloadTooLargeException($"{what} is over the limit of {limit} bytes");
            if (!lineChecked)
            {
                var firstLine = Math.Min(Length, firstLineLimit!.Value + 1);
                lineChecked = array.AsSpan(0, firstLine).Contains((byte)'\n');
                if (!lineChecked && Length > firstLineLimit)
                    throw new Core.Ingestion.EnvelopeFormatException($"{what} does not start with a header line of at most {firstLineLimit} bytes");
            }
        }
    }

    private void Grow(long limit)
    {
        var size = (int)Math.Min(Math.Max(array.Length * 2L, 4096), Math.Min(limit + 1, Array.MaxLength));
        var bigger = Counted(Rent(size));
        array.AsSpan(0, Length).CopyTo(bigger);
        Release(array);
        array = bigger;
    }

    public void Dispose()
    {
        Release(array);
        array = [];
    }

    /// <summary>Counts a fresh buffer against the budget (the pool may hand out more than asked); gives it back when there is no room.</summary>
    private byte[] Counted(byte[] buffer)
    {
        try
        {
            budget?.Take(buffer.Length);
            return buffer;
        }
        catch (IngestBusyException)
        {
            Return(buffer);
            throw;
        }
    }

    private void Release(byte[] buffer)
    {
        budget?.Give(buffer.Length);
        Return(buffer);
    }

    private static byte[] Rent(int size) => size <= LargestPooled ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= LargestPooled) ArrayPool<byte>.Shared.Return(buffer);
    }
}
