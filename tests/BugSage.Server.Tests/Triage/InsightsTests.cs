using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Triage;

/// <summary>Tag distributions, event histograms and event navigation of an issue.</summary>
public class InsightsTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Tags_histograms_and_event_navigation_describe_an_issue(string provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 12, 30, 0, TimeSpan.Zero));
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var ids = new List<string>();
        // Four events: three in release 1.0.0, one in 2.0.0; two an hour ago, one yesterday, one ten days ago.
        var times = new[] { clock.GetUtcNow().AddDays(-10), clock.GetUtcNow().AddHours(-30), clock.GetUtcNow().AddMinutes(-70), clock.GetUtcNow().AddMinutes(-65) };
        for (var i = 0; i < times.Length; i++)
        {
            var id = Envelopes.NewEventId();
            ids.Add(id);
            var payload = Envelopes.NodeError(id, release: i == 3 ? "app@2.0.0" : "app@1.0.0", userId: "u" + (i % 2), timestamp: times[i].ToUnixTimeMilliseconds() / 1000.0);
            (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, payload))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        await app.DigestAsync();
        var api = await app.SignedInClientAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());

        var tags = (await api.GetJsonAsync($"/api/v1/issues/{issueId}/tags")).AsArray();
        var release = tags.Single(t => t!["key"].Str() == "release")!;
        release["total"].Long().ShouldBe(4);
        release["topValues"]![0]!["value"].Str().ShouldBe("app@1.0.0");
        release["topValues"]![0]!["count"].Long().ShouldBe(3);
        release["topValues"]![0]!["percentage"]!.GetValue<double>().ShouldBe(75.0);
        tags.Single(t => t!["key"].Str() == "user")!["distinctValues"]!.GetValue<int>().ShouldBe(2);

        var day = (await api.GetJsonAsync($"/api/v1/issues/{issueId}/stats?period=24h"))["buckets"]!.AsArray();
        day.Count.ShouldBe(24);
        day.Sum(b => b!["count"].Long()).ShouldBe(2);
        day[^2]!["count"].Long().ShouldBe(2);
        var month = (await api.GetJsonAsync($"/api/v1/issues/{issueId}/stats?period=30d"))["buckets"]!.AsArray();
        month.Count.ShouldBe(30);
        month.Sum(b => b!["count"].Long()).ShouldBe(4);
        (await api.GetAsync($"/api/v1/issues/{issueId}/stats?period=1y")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var oldest = await api.GetJsonAsync($"/api/v1/issues/{issueId}/events/oldest");
        oldest["event"]!["eventId"].Str().ShouldBe(ids[0]);
        oldest["previousEventId"].ShouldBeNull();
        oldest["nextEventId"].Str().ShouldBe(ids[1]);
        var latest = await api.GetJsonAsync($"/api/v1/issues/{issueId}/events/latest");
        latest["event"]!["eventId"].Str().ShouldBe(ids[3]);
        latest["nextEventId"].ShouldBeNull();
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/events/{ids[2]}"))["previousEventId"].Str().ShouldBe(ids[1]);
    }
}
