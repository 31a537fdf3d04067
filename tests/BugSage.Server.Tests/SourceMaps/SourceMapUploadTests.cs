using System.Net;
using System.Text.RegularExpressions;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.SourceMaps;

/// <summary>
/// sentry-cli's upload calls against BugSage (chunk-upload options, chunks, artifact bundle
/// assembly) and what the digest makes of an event from the uploaded minified file.
/// </summary>
public class SourceMapUploadTests
{
    private const string DebugId = "c0ffee00-1234-4abc-8def-0123456789ab";
    private const string MinifiedUrl = "https://shop.example/assets/app.min.js";

    /// <summary>The top frame Node.js printed for the esbuild bundle (its stack.txt): function o at 1:135.</summary>
    private static object MinifiedError(string eventId, string? release, bool withDebugMeta) => new
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
        debug_meta = withDebugMeta ? new { images = new[] { new { type = "sourcemap", code_file = MinifiedUrl, debug_id = DebugId.ToUpperInvariant() } } } : null,
    };

    private static async Task UploadAsync(HttpClient cli, byte[] bundle, string? version = null)
    {
        var chunks = ArtifactBundles.Split(bundle, 4096);
        var first = await (await cli.PostJsonAsync("/api/0/organizations/default/artifactbundle/assemble/", ArtifactBundles.Assemble(bundle, chunks, version: version))).ReadJsonAsync();
        first["state"].Str().ShouldBe("not_found");
        first["missingChunks"]!.AsArray().Count.ShouldBe(chunks.Length);
        (await cli.PostAsync("/api/0/organizations/default/chunk-upload/", ArtifactBundles.Chunks(chunks))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var done = await (await cli.PostJsonAsync("/api/0/organizations/default/artifactbundle/assemble/", ArtifactBundles.Assemble(bundle, chunks, version: version))).ReadJsonAsync();
        done["state"].Str().ShouldBe("ok", done.ToJsonString());
    }

    private static async Task<System.Text.Json.Nodes.JsonArray> FramesAsync(BugSageFactory app, string eventId)
    {
        var (projectId, _) = await app.DefaultKeyAsync();
        var evt = (await (await app.SignedInClientAsync()).GetJsonAsync($"/api/v1/projects/{projectId}/events/{eventId}"))["event"]!;
        return evt["exception"]!["values"]![0]!["stacktrace"]!["frames"]!.AsArray();
    }

    private static async Task SendAsync(BugSageFactory app, object payload)
    {
        var (projectId, key) = await app.DefaultKeyAsync();
        (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(Envelopes.NewEventId(), payload))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.DigestAsync();
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_bundle_uploaded_in_chunks_maps_frames_by_debug_id(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await ApiTokens.ClientAsync(app);

        var options = await cli.GetJsonAsync("/api/0/organizations/default/chunk-upload/");
        options["hashAlgorithm"].Str().ShouldBe("sha1");
        options["accept"]!.AsArray().Select(a => a.Str()).ShouldContain("artifact_bundles");
        options["url"].Str().ShouldEndWith("/api/0/organizations/default/chunk-upload/");
        await UploadAsync(cli, ArtifactBundles.Esbuild(DebugId));

        var eventId = Envelopes.NewEventId();
        await SendAsync(app, MinifiedError(eventId, release: null, withDebugMeta: true));
        var frames = await FramesAsync(app, eventId);
        var top = frames[^1]!;
        (top["filename"].Str(), top["function"].Str(), top["lineno"].Long()).ShouldBe(("src/cart.js", "applyDiscount", 12L));
        top["contextLine"].Str().ShouldBe("  return totalPrice(cart) * (1 - rule.percent / 100);");
        top["minified"]!["function"].Str().ShouldBe("o");
        (frames[0]!["filename"].Str(), frames[0]!["function"].Str(), frames[0]!["lineno"].Long()).ShouldBe(("src/app.js", "runCheckout", 16L));
    }

    [Theory, SqliteData]
    public async Task Without_a_debug_id_frames_map_by_release_and_url_and_a_new_build_stays_in_the_same_issue(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await ApiTokens.ClientAsync(app);
        await UploadAsync(cli, ArtifactBundles.Esbuild(debugId: null, release: "shop@1"));
        await UploadAsync(cli, ArtifactBundles.Esbuild(debugId: null, minifiedUrl: "~/assets/app.min.js", release: "shop@2"), version: "shop@2");

        var first = Envelopes.NewEventId();
        await SendAsync(app, MinifiedError(first, release: "shop@1", withDebugMeta: false));
        (await FramesAsync(app, first))[^1]!["function"].Str().ShouldBe("applyDiscount");
        await SendAsync(app, MinifiedError(Envelopes.NewEventId(), release: "shop@2", withDebugMeta: false));

        var (projectId, _) = await app.DefaultKeyAsync();
        var issue = (await (await app.SignedInClientAsync()).GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().ShouldHaveSingleItem()!;
        issue["count"].Long().ShouldBe(2);
        issue["culprit"].Str().ShouldStartWith("applyDiscount(");
    }

    [Theory, SqliteData]
    public async Task A_frame_without_a_map_says_why_and_a_broken_map_stops_nothing(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await ApiTokens.ClientAsync(app);
        // A map that is no map: the bundle is stored, the events that need it are still digested.
        var broken = ArtifactBundles.Zip(new
        {
            files = new Dictionary<string, object>
            {
                ["a.js.map"] = new { url = "~/assets/app.min.js.map", type = "source_map", headers = new Dictionary<string, string> { ["debug-id"] = DebugId } },
            },
        }, ("a.js.map", "{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AA\"}"u8.ToArray()));
        await UploadAsync(cli, broken);

        var mapped = Envelopes.NewEventId();
        await SendAsync(app, MinifiedError(mapped, release: null, withDebugMeta: true));
        (await FramesAsync(app, mapped))[^1]!["mappingProblem"].Str().ShouldBe("the source map could not be read: a segment has two fields");

        var unmapped = Envelopes.NewEventId();
        await SendAsync(app, MinifiedError(unmapped, release: "shop@9", withDebugMeta: false));
        (await FramesAsync(app, unmapped))[^1]!["mappingProblem"].Str().ShouldBe("no file of release shop@9 matches ~/assets/app.min.js");
    }

    /// <summary>
    /// URLs in a bundle's manifest and in a minified file's sourceMappingURL are the uploader's text: one that is no URL
    /// must cost the frame its mapping, never the event (a FormatException in the digest reads as a malformed item).
    /// </summary>
    [Theory, SqliteData]
    public async Task A_bundle_whose_urls_are_no_urls_costs_frames_their_mapping_not_their_events(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await ApiTokens.ClientAsync(app);
        var minified = "function o(t){return t.x}\n//# sourceMappingURL=http://[::1/broken.map\n"u8.ToArray();
        await UploadAsync(cli, ArtifactBundles.Zip(new
        {
            files = new Dictionary<string, object> { ["m.js"] = new { url = "http://[bad/assets/app.min.js", type = "minified_source" } },
            release = "shop@7",
        }, ("m.js", minified)));
        await UploadAsync(cli, ArtifactBundles.Zip(new
        {
            files = new Dictionary<string, object> { ["n.js"] = new { url = "~/assets/app.min.js", type = "minified_source" } },
            release = "shop@8",
        }, ("n.js", minified)));

        foreach (var release in new[] { "shop@7", "shop@8" })
        {
            var eventId = Envelopes.NewEventId();
            var payload = System.Text.Json.JsonSerializer.Serialize(MinifiedError(eventId, release, withDebugMeta: false)).Replace(MinifiedUrl, release == "shop@7" ? "http://[bad/assets/app.min.js" : MinifiedUrl);
            var (projectId, key) = await app.DefaultKeyAsync();
            (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, System.Text.Json.JsonDocument.Parse(payload).RootElement))).StatusCode.ShouldBe(HttpStatusCode.OK);
            await app.DigestAsync();
            (await FramesAsync(app, eventId))[^1]!["mappingProblem"].Str().ShouldNotBeNullOrEmpty($"the {release} event is stored, its frame unmapped with the reason");
        }
    }

    [Theory, SqliteData]
    public async Task Uploads_need_a_release_scope_and_stay_inside_the_organization(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var reader = await ApiTokens.ClientAsync(app, "project:read");
        (await reader.GetAsync("/api/0/organizations/default/chunk-upload/")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CreateClient().GetAsync("/api/0/organizations/default/chunk-upload/")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var (other, _, _) = await app.NewTenantAsync("other@tenant.test");
        var otherCli = await ApiTokens.ClientAsync(app, user: other);
        (await otherCli.GetAsync("/api/0/organizations/default/chunk-upload/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherCli.GetAsync("/api/0/organizations/no-such-org/chunk-upload/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var cli = await ApiTokens.ClientAsync(app);
        var bundle = ArtifactBundles.Esbuild(DebugId);
        var answer = await cli.PostJsonAsync("/api/0/organizations/default/artifactbundle/assemble/", ArtifactBundles.Assemble(bundle, [bundle], project: "other-app"));
        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the other tenant's project is no project of this organization");
        (await app.WithDbAsync(db => Task.FromResult(db.ArtifactBundles.Count()))).ShouldBe(0);
    }

    [Theory, SqliteData]
    public async Task Broken_uploads_get_clear_answers_and_store_nothing(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var cli = await ApiTokens.ClientAsync(app);

        var lying = ArtifactBundles.Chunks("real content"u8.ToArray());
        var form = new MultipartFormDataContent { { new ByteArrayContent("other content"u8.ToArray()), "file", ArtifactBundles.Sha1("real content"u8.ToArray()) } };
        (await cli.PostAsync("/api/0/organizations/default/chunk-upload/", form)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a chunk must be what its name says");
        (await cli.PostAsync("/api/0/organizations/default/chunk-upload/", lying)).StatusCode.ShouldBe(HttpStatusCode.OK);

        async Task<string?> AssembleAsync(byte[] bundle)
        {
            (await cli.PostAsync("/api/0/organizations/default/chunk-upload/", ArtifactBundles.Chunks(bundle))).StatusCode.ShouldBe(HttpStatusCode.OK);
            var answer = await (await cli.PostJsonAsync("/api/0/organizations/default/artifactbundle/assemble/", ArtifactBundles.Assemble(bundle, [bundle]))).ReadJsonAsync();
            answer["state"].Str().ShouldBe("error");
            return answer["detail"].Str();
        }
        (await AssembleAsync("not a zip at all"u8.ToArray())).ShouldStartWith("the bundle is not a valid zip file");
        (await AssembleAsync(ArtifactBundles.Zip(null, ("x.js", "1"u8.ToArray())))).ShouldBe("the bundle has no manifest.json");
        (await AssembleAsync(ArtifactBundles.Zip(new { files = new Dictionary<string, object> { ["missing.js"] = new { type = "minified_source", url = "~/m.js" } } })))
            .ShouldBe("the manifest names missing.js, which the bundle does not hold");

        var whole = ArtifactBundles.Esbuild(DebugId);
        var parts = ArtifactBundles.Split(whole, 1000);
        (await cli.PostAsync("/api/0/organizations/default/chunk-upload/", ArtifactBundles.Chunks(parts))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reordered = await (await cli.PostJsonAsync("/api/0/organizations/default/artifactbundle/assemble/",
            new { checksum = ArtifactBundles.Sha1(whole), chunks = parts.Reverse().Select(ArtifactBundles.Sha1).ToArray(), projects = new[] { "default" } })).ReadJsonAsync();
        reordered["detail"].Str().ShouldBe("the chunks do not add up to the bundle's checksum");
        (await app.WithDbAsync(db => Task.FromResult(db.ArtifactBundles.Count()))).ShouldBe(0);
    }

    [Fact]
    public async Task Calls_of_the_sentry_api_that_are_not_served_say_so()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var cli = await ApiTokens.ClientAsync(app);
        // Legacy release files: sentry-cli 3.x uploads artifact bundles instead.
        var answer = await cli.PostJsonAsync("/api/0/projects/default/default/releases/x/files/", new { name = "x" });
        answer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Regex.IsMatch((await answer.ReadJsonAsync())["detail"].Str(), "does not serve POST /api/0/projects/default/default/releases/x/files/").ShouldBeTrue();
    }
}
