using System.Buffers;

namespace BugSage.Server.Ingestion;

/// <summary>
/// A growable byte buffer, returned on dispose. Buffers up to a megabyte come from the shared
/// pool; larger ones (a big attachment, a compression bomb cut off at the limit) are plain
/// arrays the collector takes back, since the shared pool would keep them for the process's life.
/// </summary>
internal sealed class PooledBuffer(int initialCapacity) : IDisposable
{
    private const int LargestPooled = 1024 * 1024;
    private byte[] array = Rent(initialCapacity);

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
        var bigger = Rent(size);
        array.AsSpan(0, Length).CopyTo(bigger);
        Return(array);
        array = bigger;
    }

    public void Dispose()
    {
        Return(array);
        array = [];
    }

    private static byte[] Rent(int size) => size <= LargestPooled ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= LargestPooled) ArrayPool<byte>.Shared.Return(buffer);
    }
}
