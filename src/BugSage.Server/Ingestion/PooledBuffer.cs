using System.Buffers;

namespace BugSage.Server.Ingestion;

/// <summary>A growable byte buffer from the shared pool, returned on dispose.</summary>
internal sealed class PooledBuffer(int initialCapacity) : IDisposable
{
    private byte[] array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => array.AsMemory(0, Length);

    /// <summary>Fills the buffer from a stream; throws when it would pass <paramref name="limit"/> bytes.</summary>
    public async Task ReadFromAsync(Stream source, long limit, string what, CancellationToken ct)
    {
        while (true)
        {
            if (Length == array.Length) Grow(limit);
            var read = await source.ReadAsync(array.AsMemory(Length, (int)Math.Min(array.Length - Length, limit + 1 - Length)), ct);
            if (read == 0) return;
            Length += read;
            if (Length > limit) throw new Core.Ingestion.PayloadTooLargeException($"{what} is over the limit of {limit} bytes");
        }
    }

    private void Grow(long limit)
    {
        var size = (int)Math.Min(Math.Max(array.Length * 2L, 4096), Math.Min(limit + 1, Array.MaxLength));
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        array.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(array);
        array = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(array);
        array = [];
    }
}
