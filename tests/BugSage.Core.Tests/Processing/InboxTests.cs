using System.Text;
using BugSage.Core.Configuration;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Inbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Tests.Processing;

public sealed class InboxTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "bugsage-inbox-" + Guid.NewGuid().ToString("N"));
    private readonly BugSageMetrics metrics = new();

    private InboxLog NewLog(long segmentBytes = 64 * 1024 * 1024) => new(
        Options.Create(new BugSageOptions { DataDirectory = directory }),
        Options.Create(new IngestionOptions { InboxSegmentBytes = segmentBytes }),
        metrics,
        NullLogger<InboxLog>.Instance);

    private static ReadOnlyMemory<byte> Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static List<InboxRecord> ReadAll(InboxLog log, InboxPosition from)
    {
        using var reader = new InboxReader(log, NullLogger.Instance) { Position = from };
        return reader.ReadBatch(10_000, long.MaxValue);
    }

    [Fact]
    public async Task Appended_records_read_back_in_order_with_their_metadata()
    {
        await using var log = NewLog();
        log.Start(default);
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var positions = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => log.AppendAsync(i % 3, at, Bytes("envelope " + i))));
        positions.Distinct().Count().ShouldBe(50);

        var records = ReadAll(log, default);
        records.Count.ShouldBe(50);
        records.Select(r => Encoding.UTF8.GetString(r.Envelope.Span)).ToHashSet().Count.ShouldBe(50);
        records.ShouldAllBe(r => r.ReceivedAt == at);
        log.BacklogBytes.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Reading_resumes_from_a_checkpoint_after_a_restart()
    {
        InboxPosition checkpoint;
        await using (var first = NewLog())
        {
            first.Start(default);
            for (var i = 0; i < 10; i++) await first.AppendAsync(1, DateTime.UtcNow, Bytes("r" + i));
            checkpoint = ReadAll(first, default)[5].Next;
        }
        await using var second = NewLog();
        second.Start(checkpoint);
        await second.AppendAsync(1, DateTime.UtcNow, Bytes("after restart"));
        var rest = ReadAll(second, checkpoint).Select(r => Encoding.UTF8.GetString(r.Envelope.Span)).ToList();
        rest.ShouldBe(["r6", "r7", "r8", "r9", "after restart"]);
    }

    [Fact]
    public async Task A_torn_tail_left_by_a_crash_is_skipped()
    {
        await using (var first = NewLog())
        {
            first.Start(default);
            await first.AppendAsync(1, DateTime.UtcNow, Bytes("good"));
        }
        var segment = Directory.GetFiles(Path.Combine(directory, "inbox")).Single();
        await File.AppendAllTextAsync(segment, "\x01\xE0\xA6\xB5 partial garbage");

        await using var second = NewLog();
        second.Start(default);
        await second.AppendAsync(1, DateTime.UtcNow, Bytes("next"));
        ReadAll(second, default).Select(r => Encoding.UTF8.GetString(r.Envelope.Span)).ShouldBe(["good", "next"]);
    }

    [Fact]
    public async Task A_corrupted_record_in_a_sealed_segment_ends_that_segment()
    {
        await using (var first = NewLog())
        {
            first.Start(default);
            await first.AppendAsync(1, DateTime.UtcNow, Bytes("aaaa"));
            await first.AppendAsync(1, DateTime.UtcNow, Bytes("bbbb"));
        }
        var segment = Directory.GetFiles(Path.Combine(directory, "inbox")).Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[^2] ^= 0xFF;
        await File.WriteAllBytesAsync(segment, bytes);

        await using var second = NewLog();
        second.Start(default);
        ReadAll(second, default).Select(r => Encoding.UTF8.GetString(r.Envelope.Span)).ShouldBe(["aaaa"]);
    }

    [Fact]
    public async Task Segments_roll_over_and_digested_ones_are_deleted()
    {
        await using var log = NewLog(segmentBytes: 1024 * 1024);
        log.Start(default);
        var big = new string('x', 300 * 1024);
        for (var i = 0; i < 8; i++) await log.AppendAsync(1, DateTime.UtcNow, Bytes(big));
        log.Segments().Count.ShouldBeGreaterThan(2);

        var records = ReadAll(log, default);
        records.Count.ShouldBe(8);
        log.MarkDigested(records[^1].Next, records.Sum(r => r.Next.Offset - r.Position.Offset));
        log.Segments().ShouldBe([log.ActiveSegment]);
        log.BacklogBytes.ShouldBe(0);
    }

    public void Dispose()
    {
        metrics.Dispose();
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
