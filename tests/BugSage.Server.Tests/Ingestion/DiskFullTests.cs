using System.Net;
using BugSage.Core.Processing.Inbox;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Ingestion;

/// <summary>
/// A disk that is full, or about to be, never costs an acknowledged event: under the free-space
/// floor envelopes get 429 <c>disk_full</c> before anything is written; a write that fails anyway
/// gets 503 with <c>Retry-After</c>, and the inbox takes envelopes again once it can write.
/// </summary>
public class DiskFullTests
{
    [Fact]
    public async Task Under_the_free_space_floor_envelopes_get_429_disk_full_and_nothing_is_written()
    {
        // A floor no disk reaches: the guard reads the data directory's real free space and finds it short.
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Ingestion:MinFreeDiskBytes"] = long.MaxValue.ToString() });
        var (projectId, key) = await app.DefaultKeyAsync();
        var inbox = app.Services.GetRequiredService<InboxLog>();

        var response = await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "no room" }));

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.GetValues("Retry-After").Single().ShouldBe("60");
        response.Headers.GetValues("X-Sentry-Rate-Limits").Single().ShouldBe("60::organization:disk_full");
        inbox.BacklogBytes.ShouldBe(0);
        inbox.Segments().Sum(s => new FileInfo(inbox.SegmentPath(s)).Length).ShouldBe(0);
        (await app.DigestAsync()).ShouldBe(0);
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task An_inbox_write_that_fails_gets_503_with_retry_after_and_the_inbox_recovers()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Ingestion:InboxSegmentBytes"] = (1024 * 1024).ToString() });
        var (projectId, key) = await app.DefaultKeyAsync();
        var inbox = app.Services.GetRequiredService<InboxLog>();
        var client = app.CreateClient();
        var big = new string('x', 700 * 1024);
        Task<HttpResponseMessage> Send(string name, string filler = "") =>
            Envelopes.PostAsync(client, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = name, extra = new { filler } }));

        (await Send("first", big)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The next envelope needs a new segment, and the inbox directory is no longer a directory: the write fails.
        var moved = inbox.Directory + ".moved";
        Directory.Move(inbox.Directory, moved);
        await File.WriteAllTextAsync(inbox.Directory, "not a directory");

        var refused = await Send("second", big);
        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        refused.Headers.GetValues("Retry-After").Single().ShouldBe("60");

        File.Delete(inbox.Directory);
        Directory.Move(moved, inbox.Directory);
        (await Send("third")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.DigestAsync()).ShouldBe(2);
        (await app.WithDbAsync(db => db.Events.Select(e => e.Message).OrderBy(m => m).ToListAsync())).ShouldBe(["first", "third"]);
    }
}
