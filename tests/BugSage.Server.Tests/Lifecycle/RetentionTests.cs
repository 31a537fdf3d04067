using System.Net;
using BugSage.Core.Retention;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Lifecycle;

/// <summary>Events expire after their project's retention; issues, their counts and ingestion carry on.</summary>
public class RetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task Purge_deletes_only_expired_events_of_each_project_while_ingestion_goes_on(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, new()
        {
            ["BugSage:Retention:EventDays"] = "30",
            ["BugSage:Retention:BatchSize"] = "3",
            ["BugSage:Retention:PauseMilliseconds"] = "20",
        }, clock: clock);
        var admin = await app.SignedInClientAsync();
        var (shortLived, shortKey) = await app.DefaultKeyAsync();
        var (tenant, _, longLived) = await app.NewTenantAsync("keeper@example.com");
        var longKey = await app.WithDbAsync(db => db.ProjectKeys.Where(k => k.ProjectId == longLived).Select(k => k.PublicKey).SingleAsync());
        var kept = await (await tenant.PatchJsonAsync($"/api/v1/projects/{longLived}", new { eventRetentionDays = 60 })).ReadJsonAsync();
        kept["eventRetentionDays"]!.GetValue<int>().ShouldBe(60);
        (await admin.GetJsonAsync($"/api/v1/projects/{shortLived}"))["eventRetentionDays"]!.GetValue<int>().ShouldBe(30, "the server's default");

        var oldShort = await SendAsync(app, shortLived, shortKey, 7);
        var oldLong = await SendAsync(app, longLived, longKey, 7);
        await AttachAsync(app, shortLived, oldShort[0]);
        clock.Advance(TimeSpan.FromDays(45));
        var recentShort = await SendAsync(app, shortLived, shortKey, 2);
        await AttachAsync(app, shortLived, recentShort[0]);
        await app.DigestAsync();

        // Envelopes keep arriving and being digested while the purge deletes in batches.
        var purge = app.Services.GetRequiredService<EventPurger>().PurgeAsync(CancellationToken.None);
        var duringPurge = await SendAsync(app, shortLived, shortKey, 5);
        await app.DigestAsync();
        (await purge).ShouldBe(7);

        await app.WithDbAsync(async db =>
        {
            (await db.Events.Where(e => e.ProjectId == shortLived).Select(e => e.EventId).ToListAsync())
                .ShouldBe(recentShort.Concat(duringPurge), ignoreOrder: true);
            (await db.Events.CountAsync(e => e.ProjectId == longLived)).ShouldBe(7, "60 days are not over");
            (await db.Attachments.Where(a => a.ProjectId == shortLived).Select(a => a.EventId).ToListAsync()).ShouldBe([recentShort[0]]);
            var issue = await db.Issues.SingleAsync(i => i.ProjectId == shortLived);
            issue.Count.ShouldBe(14, "the issue keeps the count of every event it ever had");
        });
        var issueId = await app.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == shortLived).Select(i => i.Id).SingleAsync());
        // The first sign-in's access token ran out with the clock's 45 days.
        admin = await app.SignedInClientAsync();
        (await admin.GetJsonAsync($"/api/v1/issues/{issueId}"))["count"]!.GetValue<long>().ShouldBe(14);
        (await admin.GetJsonAsync($"/api/v1/issues/{issueId}/events?limit=100")).Items().Count.ShouldBe(7);

        clock.Advance(TimeSpan.FromDays(31));
        (await app.Services.GetRequiredService<EventPurger>().PurgeAsync(CancellationToken.None)).ShouldBe(7 + 7, "then the long-lived project's old events, and the short one's recent ones");
        (await app.Services.GetRequiredService<EventPurger>().PurgeAsync(CancellationToken.None)).ShouldBe(0, "nothing is left to purge");
    }

    [Fact]
    public async Task Retention_out_of_range_is_refused_with_problem_details()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        foreach (var days in new[] { 0, -1, RetentionOptions.MaxDays + 1 })
        {
            var refused = await admin.PatchJsonAsync($"/api/v1/projects/{projectId}", new { eventRetentionDays = days });
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        (await admin.GetJsonAsync($"/api/v1/projects/{projectId}"))["eventRetentionDays"]!.GetValue<int>().ShouldBe(90, "unchanged, the default");
    }

    [Fact]
    public async Task Storage_usage_counts_each_projects_events_and_bytes_and_the_settings_page_sets_retention()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var sent = await SendAsync(app, projectId, key, 3);
        await AttachAsync(app, projectId, sent[0]);
        await app.DigestAsync();
        var orgId = await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.OrganizationId).SingleAsync());
        var payloadBytes = await app.WithDbAsync(async db => (await db.Events.Select(e => e.Payload).ToListAsync()).Sum(p => (long)p.Length));

        var usage = await (await app.SignedInClientAsync()).GetJsonAsync($"/api/v1/organizations/{orgId}/storage");
        usage["events"].Long().ShouldBe(3);
        usage["eventBytes"].Long().ShouldBe(payloadBytes);
        usage["attachments"].Long().ShouldBe(1);
        usage["totalBytes"].Long().ShouldBe(payloadBytes + 5);
        var project = usage["projects"]!.AsArray().Single()!;
        (project["projectId"].Long(), project["events"].Long(), project["eventRetentionDays"]!.GetValue<int>()).ShouldBe((projectId, 3L, 90));

        var browser = await DashboardSession.SignInAsync(app);
        var page = await browser.Client.GetStringAsync($"/projects/{projectId}/settings");
        page.ShouldContain("Data retention");
        page.ShouldContain("value=\"90\"");
        var saved = await browser.PostFormAsync($"/dashboard/projects/{projectId}/settings", ("section", "retention"), ("eventRetentionDays", "14"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.EventRetentionDays).SingleAsync())).ShouldBe(14);
        var refused = await browser.PostFormAsync($"/dashboard/projects/{projectId}/settings", ("section", "retention"), ("eventRetentionDays", "forever"));
        refused.Headers.Location!.OriginalString.ShouldContain("error=");
        (await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.EventRetentionDays).SingleAsync())).ShouldBe(14);
    }

    /// <summary>Sends <paramref name="count"/> errors of one throw site; their event ids, each acknowledged.</summary>
    private static async Task<List<string>> SendAsync(BugSageFactory app, long projectId, string key, int count)
    {
        var sdk = app.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = Envelopes.NewEventId();
            (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)))).StatusCode.ShouldBe(HttpStatusCode.OK);
            ids.Add(id);
        }
        return ids;
    }

    private static Task AttachAsync(BugSageFactory app, long projectId, string eventId) => app.WithDbAsync(async db =>
    {
        db.Attachments.Add(new BugSage.Core.Events.EventAttachment { ProjectId = projectId, EventId = eventId, Filename = "log.txt", Size = 5, Data = "hello"u8.ToArray(), CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    });
}
