using System.Net;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Realtime;

/// <summary>The SSE stream tells a project's subscribers about its issues after each digest, and nothing of other projects.</summary>
public class StreamTests
{
    [Fact]
    public async Task A_new_issue_reaches_the_projects_stream_after_the_digest()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var other = await (await api.PostJsonAsync("/api/v1/projects", new { name = "Other" })).ReadJsonAsync();
        var otherKey = (await api.GetJsonAsync($"/api/v1/projects/{other["id"]}/keys")).Items()[0]!["publicKey"].Str();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream?projectId={projectId}"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        (await reader.ReadLineAsync(timeout.Token)).ShouldBe(": connected");

        var sdk = app.CreateClient();
        var elsewhere = Envelopes.NewEventId();
        await Envelopes.PostAsync(sdk, other["id"]!.GetValue<long>(), otherKey, Envelopes.Event(elsewhere, new { message = "other project" }));
        var here = Envelopes.NewEventId();
        await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(here, new { message = "Checkout failed" }));
        await app.DigestAsync();

        string? line;
        do line = await reader.ReadLineAsync(timeout.Token);
        while (line is not null && !line.StartsWith("event:", StringComparison.Ordinal));
        line.ShouldBe("event: issue.created");
        var data = await reader.ReadLineAsync(timeout.Token);
        data.ShouldNotBeNull().ShouldContain("\"title\":\"Checkout failed\"");
        data.ShouldNotContain("other project");
    }

    [Fact]
    public async Task Another_tenants_project_stream_is_not_found()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (intruder, _, _) = await app.NewTenantAsync("sse@example.com");
        (await intruder.GetAsync("/api/v1/stream?projectId=1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync("/api/v1/stream?projectId=1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
