using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Ingestion;

/// <summary>429s with the headers SDKs obey, answered before anything is written.</summary>
public class BackpressureTests
{
    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_with_retry_headers()
    {
        // Ten seconds into a minute, on a clock that stands still: the window is the same for every request.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 10, 0, 10, TimeSpan.Zero));
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var (projectId, key) = await app.DefaultKeyAsync();
        await app.WithDbAsync(db => db.ProjectKeys.ExecuteUpdateAsync(s => s.SetProperty(k => k.RateLimitPerMinute, 3)));
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var id = Envelopes.NewEventId();
            var response = await Envelopes.PostAsync(client, projectId, key, Envelopes.Event(id, new { message = "m" + i }));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited ??= response;
        }
        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
        limited.ShouldNotBeNull();
        limited.Headers.GetValues("Retry-After").Single().ShouldBe("50");
        limited.Headers.GetValues("X-Sentry-Rate-Limits").Single().ShouldBe("50::key:key_quota");

        // The next minute opens a new window.
        clock.Advance(TimeSpan.FromSeconds(50));
        var later = Envelopes.NewEventId();
        (await Envelopes.PostAsync(client, projectId, key, Envelopes.Event(later, new { message = "next minute" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        statuses.Add(HttpStatusCode.OK);

        await app.DigestAsync();
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_full_inbox_gets_429_until_the_digest_catches_up()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Ingestion:MaxInboxBacklogBytes"] = (1024 * 1024).ToString() });
        var (projectId, key) = await app.DefaultKeyAsync();
        var client = app.CreateClient();
        var filler = new string('f', 60 * 1024);
        HttpResponseMessage response;
        var accepted = 0;
        do
        {
            var id = Envelopes.NewEventId();
            response = await Envelopes.PostAsync(client, projectId, key, Envelopes.Event(id, new { message = "fill", extra = new { filler } }));
            if (response.StatusCode == HttpStatusCode.OK) accepted++;
        } while (response.StatusCode == HttpStatusCode.OK && accepted < 100);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.GetValues("X-Sentry-Rate-Limits").Single().ShouldStartWith("10::organization:");
        accepted.ShouldBeInRange(10, 20);

        (await app.DigestAsync()).ShouldBe(accepted);
        var again = Envelopes.NewEventId();
        (await Envelopes.PostAsync(client, projectId, key, Envelopes.Event(again, new { message = "after" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
