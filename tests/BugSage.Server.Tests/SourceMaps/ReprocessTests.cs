using System.Net;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.SourceMaps;

/// <summary>
/// Events that arrived before their source maps: mapped again when a bundle for their release is
/// uploaded (a queued job, driven here), and by the reprocess actions of an issue and of a release;
/// their issue's culprit follows, and they end up in the issue of the same bug's mapped events.
/// </summary>
public class ReprocessTests
{
    private const string DebugId = "c0ffee00-1234-4abc-8def-0123456789ab";
    private const string MinifiedUrl = "https://shop.example/assets/app.min.js";

    /// <summary>The top frames Node.js printed for the esbuild bundle (its stack.txt), outermost first.</summary>
    private static object MinifiedError(string eventId, string? release, bool withDebugMeta = false) => new
    {
        event_id = eventId,
        platform = "javascript",
        release,
        exception = new
        {
            values = new[]
            {
                new
                {
                    type = "TypeError",
                    value = "Cannot read properties of undefined (reading 'percent')",
                    stacktrace = new
                    {
                        frames = new object[]
                        {
                            new { abs_path = MinifiedUrl, filename = "/assets/app.min.js", function = "i", lineno = 1, colno = 334, in_app = true },
                            new { abs_path = MinifiedUrl, filename = "/assets/app.min.js", function = "o", lineno = 1, colno = 135, in_app = true },
                        },
                    },
                },
            },
        },
        debug_meta = withDebugMeta ? new { images = new[] { new { type = "sourcemap", code_file = MinifiedUrl, debug_id = DebugId } } } : null,
    };

    private static async Task UploadAsync(BugSageFactory app, byte[] bundle, string? version)
    {
        var cli = await ApiTokens.ClientAsync(app);
        (await cli.PostAsync("/api/0/organizations/default/chunk-upload/", ArtifactBundles.Chunks(bundle))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var done = await (await cli.PostJsonAsync("/api/0/organizations/default/artifactbundle/assemble/", ArtifactBundles.Assemble(bundle, [bundle], version: version))).ReadJsonAsync();
        done["state"].Str().ShouldBe("ok", done.ToJsonString());
    }

    /// <summary>
    /// A bundle of another build, so the project uses source maps: the digest then says why each frame is unmapped
    /// (a project without any upload skips the step).
    /// </summary>
    private static Task UploadAnotherBuildAsync(BugSageFactory app) => UploadAsync(app, ArtifactBundles.Esbuild("0ddba11e-1234-4abc-8def-0123456789ab"), version: null);

    private static async Task<JsonNode> PostAsync(HttpClient client, string url)
    {
        var response = await client.PostAsync(url, null);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private static async Task<string> SendAsync(BugSageFactory app, string? release, bool withDebugMeta = false)
    {
        var (projectId, key) = await app.DefaultKeyAsync();
        var eventId = Envelopes.NewEventId();
        (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, MinifiedError(eventId, release, withDebugMeta)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.DigestAsync();
        return eventId;
    }

    private static async Task<JsonNode> TopFrameAsync(BugSageFactory app, string eventId)
    {
        var (projectId, _) = await app.DefaultKeyAsync();
        var evt = (await (await app.SignedInClientAsync()).GetJsonAsync($"/api/v1/projects/{projectId}/events/{eventId}"))["event"]!;
        return evt["exception"]!["values"]![0]!["stacktrace"]!["frames"]!.AsArray()[^1]!;
    }

    private static async Task<List<JsonNode>> IssuesAsync(BugSageFactory app)
    {
        var (projectId, _) = await app.DefaultKeyAsync();
        return (await (await app.SignedInClientAsync()).GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().Select(i => i!).ToList();
    }

    private static void ShouldBeMapped(JsonNode frame)
    {
        (frame["filename"].Str(), frame["function"].Str(), frame["lineno"].Long()).ShouldBe(("src/cart.js", "applyDiscount", 12L));
        frame["minified"]!["function"].Str().ShouldBe("o");
        frame["minified"]!["colno"].Long().ShouldBe(135);
        frame["mappingProblem"].ShouldBeNull();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Events_that_arrived_before_their_maps_are_mapped_when_the_release_is_uploaded(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await UploadAnotherBuildAsync(app);
        var early = await SendAsync(app, "shop@1");
        await SendAsync(app, "shop@1");
        var before = await TopFrameAsync(app, early);
        (before["function"].Str(), before["lineno"].Long(), before["colno"].Long()).ShouldBe(("o", 1L, 135L));
        before["mappingProblem"].Str().ShouldBe("no file of release shop@1 matches ~/assets/app.min.js");
        (await IssuesAsync(app)).ShouldHaveSingleItem()["culprit"].Str().ShouldBe("o(/assets/app.min.js)");

        await UploadAsync(app, ArtifactBundles.Esbuild(debugId: null, release: "shop@1"), version: "shop@1");
        (await app.ReprocessAsync()).ShouldBe(1, "one job: the release's events of the project");

        ShouldBeMapped(await TopFrameAsync(app, early));
        var issue = (await IssuesAsync(app)).ShouldHaveSingleItem();
        issue["culprit"].Str().ShouldBe("applyDiscount(src/cart.js)");
        var job = await app.WithDbAsync(db => db.ReprocessJobs.SingleAsync());
        (job.Status, job.Examined, job.Changed, job.Failed).ShouldBe(("done", 2, 2, 0));

        // The same bug after the maps: grouped by original frames, which are now the reprocessed events' too.
        await SendAsync(app, "shop@1");
        var after = (await IssuesAsync(app)).ShouldHaveSingleItem();
        after["id"].Long().ShouldBe(issue["id"].Long());
        after["count"].Long().ShouldBe(3);
    }

    [Theory, SqliteData]
    public async Task Reprocessing_an_issue_moves_its_events_to_the_issue_of_the_mapped_bug(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        // Uploads by debug ID name no release: nothing is reprocessed on its own.
        await UploadAnotherBuildAsync(app);
        var early = await SendAsync(app, release: null, withDebugMeta: true);
        (await TopFrameAsync(app, early))["mappingProblem"].Str().ShouldBe($"no source map was uploaded with debug ID {DebugId}");
        await UploadAsync(app, ArtifactBundles.Esbuild(DebugId), version: null);
        await SendAsync(app, release: null, withDebugMeta: true);
        // A stored event that no longer reads, in the issue that gains events: it still counts and stops nothing.
        var unreadable = await SendAsync(app, release: null, withDebugMeta: true);
        await app.WithDbAsync(db => db.Events.Where(e => e.EventId == unreadable).ExecuteUpdateAsync(s => s.SetProperty(e => e.Payload, new byte[] { 1, 2, 3, 4 })));
        var issues = await IssuesAsync(app);
        issues.Count.ShouldBe(2, "before reprocessing, the minified and the mapped event are two issues");
        var minifiedIssue = issues.Single(i => i["culprit"].Str() == "o(/assets/app.min.js)")["id"].Long();
        var mappedIssue = issues.Single(i => i["culprit"].Str() == "applyDiscount(src/cart.js)")["id"].Long();

        var counts = await PostAsync(await app.SignedInClientAsync(), $"/api/v1/issues/{minifiedIssue}/reprocess");
        (counts["examined"].Long(), counts["changed"].Long(), counts["failed"].Long(), counts["moved"].Long()).ShouldBe((1L, 1L, 0L, 1L));
        counts["issueId"].Long().ShouldBe(mappedIssue, "the issue the events are in now");
        counts["more"]!.GetValue<bool>().ShouldBeFalse();

        ShouldBeMapped(await TopFrameAsync(app, early));
        var merged = (await IssuesAsync(app)).ShouldHaveSingleItem();
        merged["id"].Long().ShouldBe(mappedIssue);
        merged["count"].Long().ShouldBe(3);
        (await (await app.SignedInClientAsync()).GetAsync($"/api/v1/issues/{minifiedIssue}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Later events of either fingerprint land in the one issue.
        await SendAsync(app, release: null, withDebugMeta: true);
        (await IssuesAsync(app)).ShouldHaveSingleItem()["count"].Long().ShouldBe(4);
    }

    [Theory, SqliteData]
    public async Task Reprocessing_a_release_maps_its_events_and_a_second_run_changes_nothing(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await UploadAnotherBuildAsync(app);
        var other = await SendAsync(app, "shop@other");
        var early = await SendAsync(app, "shop@3");
        await UploadAsync(app, ArtifactBundles.Esbuild(debugId: null, release: "shop@3"), version: "shop@3");
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();

        var counts = await PostAsync(admin, $"/api/v1/projects/{projectId}/releases/{Uri.EscapeDataString("shop@3")}/reprocess");
        (counts["examined"].Long(), counts["changed"].Long(), counts["failed"].Long()).ShouldBe((1L, 1L, 0L), "only the release's event");
        ShouldBeMapped(await TopFrameAsync(app, early));
        (await TopFrameAsync(app, other))["minified"].ShouldBeNull("the other release's event is not touched");
        var issue = (await IssuesAsync(app)).ShouldHaveSingleItem();
        issue["count"].Long().ShouldBe(2, "the mapped event stays in its issue, which takes its new fingerprint too");
        issue["culprit"].Str().ShouldBe("applyDiscount(src/cart.js)", "the issue's culprit is its latest event's");
        await SendAsync(app, "shop@3");
        (await IssuesAsync(app)).ShouldHaveSingleItem()["count"].Long().ShouldBe(3, "the same bug after the maps joins the reprocessed event");

        (await app.ReprocessAsync()).ShouldBe(1);
        (await app.WithDbAsync(db => db.ReprocessJobs.SingleAsync())).Changed.ShouldBe(0, "the upload's job finds the events mapped already");
        var again = await PostAsync(admin, $"/api/v1/projects/{projectId}/releases/shop%403/reprocess");
        (again["examined"].Long(), again["changed"].Long()).ShouldBe((2L, 0L));

        var unknown = await admin.PostAsync($"/api/v1/projects/{projectId}/releases/{new string('v', 300)}/reprocess", null);
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData]
    public async Task A_stored_event_that_cannot_be_reprocessed_fails_alone_and_a_corrupt_map_costs_frames_their_mapping(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await UploadAnotherBuildAsync(app);
        var corrupt = await SendAsync(app, "shop@4");
        var healthy = await SendAsync(app, "shop@4");
        await app.WithDbAsync(db => db.Events.Where(e => e.EventId == corrupt).ExecuteUpdateAsync(s => s.SetProperty(e => e.Payload, new byte[] { 1, 2, 3, 4 })));
        var broken = ArtifactBundles.Zip(new
        {
            files = new Dictionary<string, object> { ["a.js.map"] = new { url = "~/assets/app.min.js.map", type = "source_map" } },
            release = "shop@4",
        }, ("a.js.map", "{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AA\"}"u8.ToArray()));
        await UploadAsync(app, broken, version: "shop@4");

        (await app.ReprocessAsync()).ShouldBe(1);
        var job = await app.WithDbAsync(db => db.ReprocessJobs.SingleAsync());
        (job.Status, job.Examined, job.Changed, job.Failed).ShouldBe(("done", 2, 1, 1));
        job.Error!.ShouldContain(corrupt);
        (await TopFrameAsync(app, healthy))["mappingProblem"].Str().ShouldBe("the source map could not be read: a segment has two fields");

        // The worker and the host go on: a good bundle maps the healthy event by the explicit action.
        await UploadAsync(app, ArtifactBundles.Esbuild(debugId: null, release: "shop@4"), version: "shop@4");
        (await app.ReprocessAsync()).ShouldBe(1);
        ShouldBeMapped(await TopFrameAsync(app, healthy));
    }

    [Theory, SqliteData]
    public async Task Reprocessing_stays_inside_the_organization_and_needs_the_permission(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await SendAsync(app, "shop@5");
        var issueId = (await IssuesAsync(app)).Single()["id"].Long();
        var (projectId, _) = await app.DefaultKeyAsync();
        var issueAction = $"/api/v1/issues/{issueId}/reprocess";
        var releaseAction = $"/api/v1/projects/{projectId}/releases/shop%405/reprocess";

        var (intruder, _, _) = await app.NewTenantAsync("intruder@tenant.test");
        (await intruder.PostAsync(issueAction, null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.PostAsync(releaseAction, null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.PostAsync($"/api/v1/issues/{issueId + 1000}/reprocess", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        var refused = await viewer.PostAsync(issueAction, null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.ReadJsonAsync())["title"].Str().ShouldBe("Your role does not allow triage");
        (await viewer.PostAsync(releaseAction, null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var member = await app.MemberOfDefaultAsync("member@example.com", "member");
        (await member.PostAsync(issueAction, null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.PostAsync(releaseAction, null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, SqliteData]
    public async Task The_issue_page_says_why_a_frame_is_unmapped_and_its_reprocess_button_maps_it(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await UploadAnotherBuildAsync(app);
        await SendAsync(app, "shop@6");
        var issueId = (await IssuesAsync(app)).Single()["id"].Long();
        var (projectId, _) = await app.DefaultKeyAsync();
        var page = $"/projects/{projectId}/issues/{issueId}";
        var browser = await DashboardSession.SignInAsync(app);

        var html = await browser.Client.GetStringAsync(page);
        html.ShouldContain("Not mapped: no file of release shop@6 matches ~/assets/app.min.js");
        html.ShouldContain($"action=\"/dashboard/issues/{issueId}/reprocess\"");

        await UploadAsync(app, ArtifactBundles.Esbuild(debugId: null, release: "shop@6"), version: null);
        var posted = await browser.PostFormAsync($"/dashboard/issues/{issueId}/reprocess");
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        posted.Headers.Location!.OriginalString.ShouldStartWith(page);

        html = await browser.Client.GetStringAsync(page);
        html.ShouldNotContain("Not mapped:");
        html.ShouldContain("Minified: o in https://shop.example/assets/app.min.js at 1:135");

        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", "viewer", "viewer-password-123");
        var viewerBrowser = await DashboardSession.SignInAsync(app, "viewer@example.com", "viewer-password-123");
        (await viewerBrowser.Client.GetStringAsync(page)).ShouldNotContain("/reprocess\"");
        viewer.Dispose();
    }

    [Theory, PostgresData]
    public async Task Reprocessing_while_the_issue_its_events_would_join_is_deleted_keeps_them_in_their_own(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await UploadAnotherBuildAsync(app);
        var early = await SendAsync(app, release: null, withDebugMeta: true);
        await UploadAsync(app, ArtifactBundles.Esbuild(DebugId), version: null);
        await SendAsync(app, release: null, withDebugMeta: true);
        var issues = await IssuesAsync(app);
        var minifiedIssue = issues.Single(i => i["culprit"].Str() == "o(/assets/app.min.js)")["id"].Long();
        var mappedIssue = issues.Single(i => i["culprit"].Str() == "applyDiscount(src/cart.js)")["id"].Long();
        var api = await app.SignedInClientAsync();

        Task<HttpResponseMessage> delete, reprocess;
        // The delete takes the mapped issue and stops at its held events; the reprocess would move the early event there.
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM events WHERE issue_id = {mappedIssue} FOR UPDATE"))
        {
            delete = api.DeleteAsync($"/api/v1/issues/{mappedIssue}");
            await hold.WaitersAsync(1, "the delete never reached the held events");
            reprocess = api.PostAsync($"/api/v1/issues/{minifiedIssue}/reprocess", null);
            await hold.WaitersAsync(2, "the reprocess never waited for the delete");
            await hold.ReleaseAsync();
        }
        (await delete).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // Written unlocked, the move pointed the event at the deleted issue, and the run failed with 500.
        var response = await reprocess;
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var counts = await response.ReadJsonAsync();
        (counts["changed"].Long(), counts["moved"].Long()).ShouldBe((1L, 0L));
        ShouldBeMapped(await TopFrameAsync(app, early));
        var left = (await IssuesAsync(app)).ShouldHaveSingleItem();
        left["id"].Long().ShouldBe(minifiedIssue);
        left["count"].Long().ShouldBe(1);

        // The mapped fingerprint is the kept issue's now: the same bug lands there.
        await SendAsync(app, release: null, withDebugMeta: true);
        (await IssuesAsync(app)).ShouldHaveSingleItem()["count"].Long().ShouldBe(2);
    }
}
