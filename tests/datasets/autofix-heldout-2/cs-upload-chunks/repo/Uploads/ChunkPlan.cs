namespace Uploads;

/// <summary>One part of a resumable upload: where it starts in the file and how many bytes it carries.</summary>
public sealed record Chunk(int Index, long Offset, int Length);

/// <summary>
/// How a file is cut into parts for the video host's resumable upload API: parts of
/// <see cref="ChunkSize"/> bytes, the last one shorter, at most <see cref="MaxChunks"/> parts.
/// </summary>
public sealed class ChunkPlan
{
    public const int MaxChunks = 10_000;

    public ChunkPlan(long fileSize, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fileSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 256 * 1024);
        FileSize = fileSize;
        ChunkSize = chunkSize;
        Count = (int)((fileSize + chunkSize - 1) / chunkSize);
        if (Count > MaxChunks) throw new ArgumentOutOfRangeException(nameof(fileSize), fileSize, $"more than {MaxChunks} parts of {chunkSize} bytes");
    }

    public long FileSize { get; }

    public int ChunkSize { get; }

    public int Count { get; }

    public Chunk this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var offset = index * ChunkSize;
            return new Chunk(index, offset, (int)Math.Min(ChunkSize, FileSize - offset));
        }
    }

    public IEnumerable<Chunk> Chunks() => Enumerable.Range(0, Count).Select(i => this[i]);

    /// <summary>The first part not yet acknowledged by the host, from the number of bytes it reports received.</summary>
    public Chunk? ResumeFrom(long bytesReceived) =>
        bytesReceived >= FileSize ? null : this[(int)(bytesReceived / ChunkSize)];
}
