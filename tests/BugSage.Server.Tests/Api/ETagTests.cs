using System.Net;
using System.Net.Http.Headers;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Api;

/// <summary>GET answers of issues, events, issue lists and project settings carry an ETag: 304 while unchanged, the new answer after any change.</summary>
public class ETagTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Unchanged_answers_are_304_and_a_change_is_the_next_read(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.SendErrorsAsync("getUser", 1);
        var (projectId, _) = await app.DefaultKeyAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var eventId = await app.WithDbAsync(db => db.Events.Select(e => e.EventId).SingleAsync());
        var api = await app.SignedInClientAsync();
        var issue = $"/api/v1/issues/{issueId}";
        var list = $"/api/v1/projects/{projectId}/issues";
        var project = $"/api/v1/projects/{projectId}";
        var latest = $"/api/v1/issues/{issueId}/events/latest";

        var tags = new Dictionary<string, EntityTagHeaderValue>();
        foreach (var url in new[] { issue, list, project, latest, $"/api/v1/projects/{projectId}/events/{eventId}" })
        {
            var first = await api.GetAsync(url);
            first.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            first.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
            var tag = first.Headers.ETag.ShouldNotBeNull(url);
            tag.IsWeak.ShouldBeFalse();
            first.Headers.CacheControl!.Private.ShouldBeTrue();
            (await first.ReadJsonAsync()).ShouldNotBeNull();

            var again = await IfNoneMatchAsync(api, url, tag);
            again.StatusCode.ShouldBe(HttpStatusCode.NotModified, url);
            again.Headers.ETag.ShouldBe(tag);
            (await again.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
            tags[url] = tag;
        }

        (await api.PatchJsonAsync(issue, new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var url in new[] { issue, list })
        {
            var changed = await IfNoneMatchAsync(api, url, tags[url]);
            changed.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            changed.Headers.ETag.ShouldNotBe(tags[url]);
            (await changed.Content.ReadAsStringAsync()).ShouldContain("\"resolved\"");
            (await IfNoneMatchAsync(api, url, changed.Headers.ETag!)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        }

        (await api.PatchJsonAsync(project, new { sensitiveFields = "note" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var renamed = await IfNoneMatchAsync(api, project, tags[project]);
        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await renamed.ReadJsonAsync())["sensitiveFields"].Str().ShouldBe("note");

        await app.SendErrorsAsync("getUser", 1);
        var newer = await IfNoneMatchAsync(api, latest, tags[latest]);
        newer.StatusCode.ShouldBe(HttpStatusCode.OK);
        newer.Headers.ETag.ShouldNotBe(tags[latest]);
    }

    [Fact]
    public async Task Another_callers_etag_or_a_wildcard_does_not_hide_a_refusal()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        var api = await app.SignedInClientAsync();
        var url = $"/api/v1/projects/{projectId}";
        var tag = (await api.GetAsync(url)).Headers.ETag!;

        // Outside the tenant the answer is still 404, whatever ETag is sent: a 304 would confirm the project exists.
        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        (await IfNoneMatchAsync(intruder, url, tag)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await IfNoneMatchAsync(intruder, url, EntityTagHeaderValue.Any)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static Task<HttpResponseMessage> IfNoneMatchAsync(HttpClient client, string url, EntityTagHeaderValue tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(tag);
        return client.SendAsync(request);
    }
}
