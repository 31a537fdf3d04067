using BugSage.Core.Ingestion;

namespace BugSage.Server.Ingestion;

/// <summary>
/// A growable byte buffer, returned on dispose. Up to a megabyte it is one array from
/// <see cref="BytePool"/>, doubled as it fills. Past that it grows in pooled one-megabyte chunks, joined into one
/// plain array of the exact length when the bytes are first asked for: a body of unknown length
/// (an inflating stream, a chunked request) then costs one large allocation of its own size, where
/// doubling left a trail of dead arrays of up to twice that size for the collector to find, and
/// the large object heap is only swept by a full collection. Arrays over a megabyte are not pooled.
/// </summary>
internal sealed class PooledBuffer : IDisposable
{
    internal const int ChunkSize = BytePool.MaxPooledLength;
    private readonly IngestMemoryBudget? budget;
    private readonly List<byte[]> fullChunks = [];
    private byte[] current;
    private int currentLength;

    /// <param name="budget">Where the buffer's bytes are counted while it holds them, if anywhere.</param>
    public PooledBuffer(int initialCapacity, IngestMemoryBudget? budget = null)
    {
        this.budget = budget;
        current = Counted(BytePool.Rent(Math.Max(1, initialCapacity)));
    }

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => current.AsMemory(0, Length);

    /// <summary>
    /// Fills the buffer from a stream; throws when it would pass <paramref name="limit"/> bytes, or
    /// when <paramref name="firstLineLimit"/> is given and no newline comes within that many bytes.
    /// </summary>
    /// <param name="firstLineRead">
    /// Called once with the first line (without its newline) as soon as it is whole, before the rest
    /// is read; it refuses the body by throwing. The bytes are only valid during the call.
    /// </param>
    public async Task ReadFromAsync(Stream source, long limit, string what, CancellationToken ct, int? firstLineLimit = null,
        Func<ReadOnlyMemory<byte>, ValueTask>? firstLineRead = null)
    {
        var lineChecked = firstLineLimit is null;
        while (true)
        {
            if (currentLength == current.Length) Grow(limit);
            var read = await source.ReadAsync(current.AsMemory(currentLength, (int)Math.Min(current.Length - currentLength, limit + 1 - Length)), ct);
            if (read == 0)
            {
                Join();
                return;
            }
            currentLength += read;
            Length += read;
            if (Length > limit) throw new Core.Ingestion.PayloadTooLargeException($"{what} is over the limit of {limit} bytes");
            if (!lineChecked)
            {
                // The limit is far below a chunk, so the first line is always in the first array.
                var first = fullChunks.Count > 0 ? fullChunks[0] : current;
                var firstLine = Math.Min(fullChunks.Count > 0 ? first.Length : currentLength, firstLineLimit!.Value + 1);
                var newline = first.AsSpan(0, firstLine).IndexOf((byte)'\n');
                lineChecked = newline >= 0;
                if (!lineChecked && Length > firstLineLimit)
                    throw new Core.Ingestion.EnvelopeFormatException($"{what} does not start with a header line of at most {firstLineLimit} bytes");
                if (lineChecked && firstLineRead is not null) await firstLineRead(first.AsMemory(0, newline));
            }
        }
    }

    private void Grow(long limit)
    {
        if (current.Length >= ChunkSize)
        {
            // Full at a megabyte or more: keep it and go on in a fresh chunk (taken first, so a
            // refusal leaves every array held exactly once).
            var next = Counted(BytePool.Rent(ChunkSize));
            fullChunks.Add(current);
            current = next;
            currentLength = 0;
            return;
        }
        var size = (int)Math.Min(Math.Max(current.Length * 2L, 4096), Math.Min(limit + 1, ChunkSize));
        var bigger = Counted(BytePool.Rent(size));
        current.AsSpan(0, currentLength).CopyTo(bigger);
        Release(current);
        current = bigger;
    }

    /// <summary>Makes the bytes one array (the caller's budget check applies to it, as to any growth).</summary>
    private void Join()
    {
        if (fullChunks.Count == 0) return;
        if (fullChunks.Count == 1 && currentLength == 0)
        {
            // A body whose length was known fits the array made for it: nothing to join.
            Release(current);
            current = fullChunks[0];
            fullChunks.Clear();
            currentLength = Length;
            return;
        }
        var whole = Counted(GC.AllocateUninitializedArray<byte>(Length));
        var at = 0;
        foreach (var chunk in fullChunks)
        {
            chunk.CopyTo(whole, at);
            at += chunk.Length;
            Release(chunk);
        }
        current.AsSpan(0, currentLength).CopyTo(whole.AsSpan(at));
        Release(current);
        fullChunks.Clear();
        current = whole;
        currentLength = Length;
    }

    public void Dispose()
    {
        foreach (var chunk in fullChunks) Release(chunk);
        fullChunks.Clear();
        Release(current);
        current = [];
        currentLength = 0;
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
            BytePool.Return(buffer);
            throw;
        }
    }

    private void Release(byte[] buffer)
    {
        budget?.Give(buffer.Length);
        // Arrays past BytePool.MaxPooledLength (a joined body) are the collector's to take back.
        BytePool.Return(buffer);
    }

}
