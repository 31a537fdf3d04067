using BugSage.Core.Configuration;
using BugSage.Core.Ingestion;
using BugSage.Server.Ingestion;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Tests.Ingestion;

/// <summary>
/// The ingest body buffer: whatever the sizes and however the stream splits its reads, the bytes
/// come back whole and in order, the memory budget is given back to the byte, and a body past a
/// megabyte is one array of its own length (not a doubled one).
/// </summary>
public sealed class PooledBufferTests
{
    private static IngestMemoryBudget Budget() => new(Options.Create(new IngestionOptions { MaxInFlightBodyBytes = 1L << 30 }));

    public static TheoryData<int, int> Sizes() => new()
    {
        { 0, 16 * 1024 },
        { 1, 1024 },
        { 4095, 1024 },
        { PooledBuffer.ChunkSize - 1, 16 * 1024 },
        { PooledBuffer.ChunkSize, 16 * 1024 },
        { PooledBuffer.ChunkSize + 1, 16 * 1024 },
        { 3 * PooledBuffer.ChunkSize + 12345, 64 * 1024 },
        // A body whose length was announced: the buffer starts at that size.
        { 5 * PooledBuffer.ChunkSize + 7, 5 * PooledBuffer.ChunkSize + 7 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Reads_every_byte_in_order_and_gives_the_budget_back(int size, int initialCapacity)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        var budget = Budget();
        using (var buffer = new PooledBuffer(initialCapacity, budget))
        {
            await buffer.ReadFromAsync(new TrickleStream(data, seed: size), limit: 64L * 1024 * 1024, "body", CancellationToken.None);

            Assert.Equal(size, buffer.Length);
            Assert.True(buffer.Memory.Span.SequenceEqual(data));
            if (size > PooledBuffer.ChunkSize)
            {
                // One array of the body's own length, and only it counted.
                Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(buffer.Memory, out var segment));
                Assert.Equal(size, segment.Array!.Length);
                Assert.Equal(size, budget.Held);
            }
        }
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task A_body_past_the_limit_is_refused_and_its_chunks_given_back()
    {
        var data = new byte[3 * PooledBuffer.ChunkSize];
        var budget = Budget();
        using (var buffer = new PooledBuffer(1024, budget))
        {
            var e = await Assert.ThrowsAsync<PayloadTooLargeException>(() =>
                buffer.ReadFromAsync(new TrickleStream(data, seed: 1), limit: 2 * PooledBuffer.ChunkSize + 10, "body", CancellationToken.None));
            Assert.Contains("over the limit", e.Message);
            Assert.True(budget.Held > 0);
        }
        Assert.Equal(0, budget.Held);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(70 * 1024, false)]
    public async Task The_first_line_is_checked_whatever_the_body_size(int newlineAt, bool accepted)
    {
        var data = new byte[2 * PooledBuffer.ChunkSize + 3];
        data.AsSpan().Fill((byte)'a');
        data[newlineAt] = (byte)'\n';
        using var buffer = new PooledBuffer(1024, Budget());
        var read = buffer.ReadFromAsync(new TrickleStream(data, seed: 2), limit: 64L * 1024 * 1024, "body", CancellationToken.None, firstLineLimit: 64 * 1024);
        if (accepted)
        {
            await read;
            Assert.True(buffer.Memory.Span.SequenceEqual(data));
        }
        else
        {
            await Assert.ThrowsAsync<EnvelopeFormatException>(() => read);
        }
    }

    [Fact]
    public async Task A_budget_without_room_refuses_the_body_and_holds_nothing_after()
    {
        var budget = new IngestMemoryBudget(Options.Create(new IngestionOptions { MaxInFlightBodyBytes = 2 * PooledBuffer.ChunkSize }));
        using (var buffer = new PooledBuffer(1024, budget))
            await Assert.ThrowsAsync<IngestBusyException>(() =>
                buffer.ReadFromAsync(new TrickleStream(new byte[4 * PooledBuffer.ChunkSize], seed: 3), limit: 64L * 1024 * 1024, "body", CancellationToken.None));
        Assert.Equal(0, budget.Held);
    }

    /// <summary>A stream that hands out its bytes in reads of random length, as a socket or a decoder does.</summary>
    private sealed class TrickleStream(byte[] data, int seed) : Stream
    {
        private readonly Random random = new(seed);
        private int position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, data.Length - position), random.Next(1, 300_000));
            data.AsSpan(position, n).CopyTo(buffer.AsSpan(offset));
            position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
