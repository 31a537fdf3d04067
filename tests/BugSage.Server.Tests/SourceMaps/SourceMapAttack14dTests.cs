using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.SourceMaps;

/// <summary>Red team 14d: the sentry-cli upload API and the digest's use of what it stores.</summary>
public class SourceMapAttack14dTests
{
    private static string Sha1(byte[] data) => BugSage.Core.SourceMaps.Storage.ArtifactStore.Sha1(data);

    private static byte[] Bundle(string? release, params (string Name, string Url, string Type, string Content, string? SourceMap)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var manifest = new JsonObject { ["org"] = "x", ["release"] = release, ["files"] = new JsonObject() };
            foreach (var f in files)
            {
                using (var w = new StreamWriter(zip.CreateEntry(f.Name).Open())) w.Write(f.Content);
                var headers = new JsonObject();
                if (f.SourceMap is not null) headers["Sourcemap"] = f.SourceMap;
                manifest["files"]![f.Name] = new JsonObject { ["url"] = f.Url, ["type"] = f.Type, ["headers"] = headers };
            }
            using var m = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            m.Write(manifest.ToJsonString());
        }
        return buffer.ToArray();
    }

    private static async Task UploadChunkAsync(HttpClient cli, string org, byte[] chunk)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(chunk), "file", Sha1(chunk));
        var response = await cli.PostAsync($"/api/0/organizations/{org}/chunk-upload/", form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> AssembleAsync(HttpClient cli, string org, byte[] bundle, string[] projects, string? release)
    {
        await UploadChunkAsync(cli, org, bundle);
        var response = await cli.PostJsonAsync($"/api/0/organizations/{org}/artifactbundle/assemble/",
            new { checksum = Sha1(bundle), chunks = new[] { Sha1(bundle) }, projects, version = release });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    /// <summary>
    /// An index map whose section sits at line int.MaxValue - 1 (a 150-byte upload by any member with project:releases)
    /// makes SourceMap's constructor throw OverflowException. SourceMapLookup.Find catches only SourceMapFormatException,
    /// so the exception leaves EventSymbolicator and EventPreparer, and the digest quarantines every envelope with a
    /// frame in the file: the project's errors stop reaching issues, rather than being stored unmapped with the map's problem.
    /// </summary>
    [Theory, SqliteData]
    public async Task A_source_map_that_cannot_be_read_never_costs_the_project_its_events(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (org, project) = await app.WithDbAsync(async db =>
        {
            var (projectId, _) = await app.DefaultKeyAsync();
            var p = await db.Projects.SingleAsync(x => x.Id == projectId);
            return (await db.Organizations.Where(o => o.Id == p.OrganizationId).Select(o => o.Slug).SingleAsync(), p.Slug);
        });
        var cli = await ApiTokens.ClientAsync(app);
        const string map = "{\"version\":3,\"sections\":[{\"offset\":{\"line\":2147483646,\"column\":0},\"map\":{\"version\":3,\"sources\":[\"a.js\"],\"names\":[],\"mappings\":\"AAAA\"}}]}";
        var answer = await AssembleAsync(cli, org, Bundle("app@1.0.0",
            ("files/users.js", "~/srv/app/src/users.js", "minified_source", "function getUser(n){return u[n].name}\n//# sourceMappingURL=users.js.map\n", "users.js.map"),
            ("files/users.js.map", "~/srv/app/src/users.js.map", "source_map", map, null)), [project], "app@1.0.0");
        answer["state"].Str().ShouldBe("ok");

        await app.SendErrorsAsync("getUser", 3);

        var (stored, quarantined) = await app.WithDbAsync(async db => (await db.Events.CountAsync(), await db.QuarantinedEnvelopes.Select(q => q.Reason).ToListAsync()));
        quarantined.ShouldBeEmpty("a source map that cannot be read quarantined the events it should have mapped: " + string.Join(" | ", quarantined));
        stored.ShouldBe(3);
    }

    /// <summary>
    /// ArtifactLimits.ChunkLifetime says chunks of uploads that never assembled are deleted after an hour, but nothing
    /// calls ArtifactStore.DeleteStaleChunksAsync: any member (or a project:releases CI token) can upload 64 MB of
    /// never-assembled chunks per request, kept in the database forever.
    /// </summary>
    [Theory, SqliteData]
    public async Task Chunks_that_never_assemble_are_deleted_after_their_lifetime(string provider)
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:Workers:RunInBackground"] = "true" }, clock: clock);
        var org = await app.WithDbAsync(db => db.Organizations.Select(o => o.Slug).FirstAsync());
        var cli = await ApiTokens.ClientAsync(app);
        var stale = Encoding.UTF8.GetBytes("never assembled " + Guid.NewGuid());
        await UploadChunkAsync(cli, org, stale);

        clock.Advance(TimeSpan.FromHours(3));
        // Another upload later, in case the clean-up is done as uploads arrive.
        await UploadChunkAsync(cli, org, Encoding.UTF8.GetBytes("a later upload " + Guid.NewGuid()));

        var checksum = Sha1(stale);
        var left = true;
        for (var i = 0; i < 30 && left; i++)
        {
            await Task.Delay(500);
            left = await app.WithDbAsync(db => db.UploadChunks.AnyAsync(c => c.Checksum == checksum));
        }
        left.ShouldBeFalse("a chunk three hours past ChunkLifetime is still stored: nothing calls ArtifactStore.DeleteStaleChunksAsync");
    }

    /// <summary>
    /// AssembleBundleAsync answers "ok" at once when the organization already has a bundle with that checksum, whatever
    /// projects the request names: CI that uploads the same build for a second project (sentry-cli per project) is told
    /// ok while nothing is stored for it, and that project's frames are never mapped.
    /// </summary>
    [Theory, SqliteData]
    public async Task The_same_bundle_uploaded_for_a_second_project_is_stored_for_it(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (org, first, second) = await app.WithDbAsync(async db =>
        {
            var (projectId, _) = await app.DefaultKeyAsync();
            var p = await db.Projects.SingleAsync(x => x.Id == projectId);
            var other = new BugSage.Core.Projects.Project { OrganizationId = p.OrganizationId, Slug = "second-app", Name = "second", CreatedAt = DateTime.UtcNow };
            db.Add(other);
            await db.SaveChangesAsync();
            return (await db.Organizations.Where(o => o.Id == p.OrganizationId).Select(o => o.Slug).SingleAsync(), p, other);
        });
        var cli = await ApiTokens.ClientAsync(app);
        var bundle = Bundle("app@1.0.0", ("files/a.js.map", "~/a.js.map", "source_map", "{\"version\":3,\"sources\":[\"a.ts\"],\"names\":[],\"mappings\":\"AAAA\"}", null));

        (await AssembleAsync(cli, org, bundle, [first.Slug], "app@1.0.0"))["state"].Str().ShouldBe("ok");
        (await AssembleAsync(cli, org, bundle, [second.Slug], "app@1.0.0"))["state"].Str().ShouldBe("ok");

        (await app.WithDbAsync(db => db.ArtifactFiles.CountAsync(f => f.ProjectId == second.Id)))
            .ShouldBeGreaterThan(0, "the assemble answered ok for the second project but stored none of the bundle's files for it");
    }

    /// <summary>
    /// SourceMapLookup caches by (project, frame URL, debug ID, release, dist): every distinct URL is a fresh Resolve, and
    /// a minified file uploaded without a Sourcemap header is read whole from the database and decoded (Text) on each
    /// Resolve just to find its sourceMappingURL comment, outside the size-bounded artifact cache. ArtifactUrls.Candidates
    /// strips the query string, so https://cdn/app.js?v=1, ?v=2, ... all match ~/app.js. Anyone holding the project's
    /// public DSN (it is in the page) sends events whose frames carry distinct query strings (up to 50 exceptions x 250
    /// frames + 100 threads x 250 frames each): one small event makes the shared digest read the bundle thousands of times.
    /// Measured: a 1000-frame event allocated 6.2 GB and took about 50 s of digest; this test sends 200 frames.
    /// </summary>
    [Theory, SqliteData]
    public async Task One_event_cannot_make_the_digest_read_an_uploaded_file_once_per_frame(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var (org, project) = await app.WithDbAsync(async db =>
        {
            var p = await db.Projects.SingleAsync(x => x.Id == projectId);
            return (await db.Organizations.Where(o => o.Id == p.OrganizationId).Select(o => o.Slug).SingleAsync(), p.Slug);
        });
        var cli = await ApiTokens.ClientAsync(app);
        // A 2 MB minified bundle (a modest vendor bundle), uploaded without a Sourcemap header; its map by the ".map" convention.
        var minified = "function a(){}\n" + new string('x', 2 * 1024 * 1024) + "\n//# sourceMappingURL=app.js.map\n";
        (await AssembleAsync(cli, org, Bundle("app@1.0.0",
            ("files/app.js", "~/app.js", "minified_source", minified, null),
            ("files/app.js.map", "~/app.js.map", "source_map", "{\"version\":3,\"sources\":[\"app.ts\"],\"names\":[],\"mappings\":\"AAAA\"}", null)),
            [project], "app@1.0.0"))["state"].Str().ShouldBe("ok");

        var id = Envelopes.NewEventId();
        var values = new JsonArray();
        var n = 0;
        for (var v = 0; v < 10; v++)
        {
            var frames = new JsonArray();
            for (var f = 0; f < 20; f++)
                frames.Add(new JsonObject { ["abs_path"] = $"https://cdn.example.com/app.js?v={n++}", ["function"] = "a", ["lineno"] = 1, ["colno"] = 1, ["in_app"] = true });
            values.Add(new JsonObject { ["type"] = "Error", ["value"] = "boom " + v, ["stacktrace"] = new JsonObject { ["frames"] = frames } });
        }
        var payload = new JsonObject
        {
            ["event_id"] = id, ["platform"] = "javascript", ["level"] = "error", ["release"] = "app@1.0.0",
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0, ["exception"] = new JsonObject { ["values"] = values },
        };
        (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(id, payload))).EnsureSuccessStatusCode();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await app.DigestAsync();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        allocated.ShouldBeLessThan(512L * 1024 * 1024,
            $"digesting one {n}-frame event allocated {allocated / (1024 * 1024)} MB: the 2 MB minified file is read and decoded again for every distinct frame URL");
    }

    /// <summary>
    /// ArtifactUploadOperations.AssembleAsync calls SourceMapLookup.Forget() (cache.Clear(): every tenant's parsed maps and
    /// resolutions) on every "ok", including the early "ok" for a bundle already stored. Any member of any organization
    /// (or a project:releases CI token) re-posts one small assemble request in a loop, with no upload, and every other
    /// tenant's source maps are parsed again for every event the shared digest handles.
    /// </summary>
    [Theory, SqliteData]
    public async Task Another_tenants_assemble_requests_do_not_drop_this_tenants_parsed_maps(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var (org, project) = await app.WithDbAsync(async db =>
        {
            var p = await db.Projects.SingleAsync(x => x.Id == projectId);
            return (await db.Organizations.Where(o => o.Id == p.OrganizationId).Select(o => o.Slug).SingleAsync(), p.Slug);
        });
        var victim = await ApiTokens.ClientAsync(app);
        (await AssembleAsync(victim, org, Bundle("app@1.0.0",
            ("files/app.js.map", "~/app.js.map", "source_map", "{\"version\":3,\"sources\":[\"app.ts\"],\"names\":[],\"mappings\":\"AAAA\"}", null)),
            [project], "app@1.0.0"))["state"].Str().ShouldBe("ok");
        var lookup = app.Services.GetRequiredService<BugSage.Core.SourceMaps.SourceMapLookup>();
        var first = lookup.Find(projectId, "https://cdn.example.com/app.js", null, "app@1.0.0", null).Artifact.ShouldNotBeNull();

        var (attacker, _, _) = await app.NewTenantAsync("attacker@tenant-a.test");
        var attackerBundle = Bundle(null, ("files/x.js.map", "~/x.js.map", "source_map", "{\"version\":3,\"sources\":[],\"names\":[],\"mappings\":\"\"}", null));
        await AssembleAsync(attacker, "attacker", attackerBundle, ["attacker-app"], null);
        // The same request again: no upload, the bundle is already stored, and the answer is "ok" (and the cache cleared).
        await attacker.PostJsonAsync("/api/0/organizations/attacker/artifactbundle/assemble/",
            new { checksum = Sha1(attackerBundle), chunks = new[] { Sha1(attackerBundle) }, projects = new[] { "attacker-app" } });

        var second = lookup.Find(projectId, "https://cdn.example.com/app.js", null, "app@1.0.0", null).Artifact.ShouldNotBeNull();
        ReferenceEquals(first, second).ShouldBeTrue("another tenant's assemble request dropped this tenant's parsed source map from the shared cache; it was read and parsed again");
    }
}
