using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.SourceMaps;

/// <summary>Uploaded source maps are kept per release: a project's newest releases, recent files without a release, and a deleted release's maps go with it.</summary>
public class SourceMapRetentionTests
{
    private static async Task UploadAsync(HttpClient cli, byte[] bundle, string? version)
    {
        var chunks = ArtifactBundles.Split(bundle, 1 << 20);
        (await cli.PostAsync("/api/0/organizations/default/chunk-upload/", ArtifactBundles.Chunks(chunks))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await cli.PostJsonAsync("/api/0/organizations/default/artifactbundle/assemble/", ArtifactBundles.Assemble(bundle, chunks, version: version))).ReadJsonAsync())["state"].Str().ShouldBe("ok");
    }

    private static Task<List<string?>> ReleasesWithFilesAsync(BugSageFactory app) =>
        app.WithDbAsync(db => db.ArtifactFiles.Select(f => f.Release).Distinct().OrderBy(r => r).ToListAsync());

    [Theory, SqliteData, PostgresData]
    public async Task A_project_keeps_its_newest_releases_maps_and_a_deleted_release_takes_its_maps(string provider)
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:SourceMaps:KeepReleasesPerProject"] = "2" }, clock: clock);
        var cli = await ApiTokens.ClientAsync(app);
        foreach (var release in new[] { "shop@1", "shop@2", "shop@3" })
        {
            await UploadAsync(cli, ArtifactBundles.Esbuild(debugId: null, release: release), release);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        (await ReleasesWithFilesAsync(app)).ShouldBe(["shop@2", "shop@3"]);
        (await app.WithDbAsync(db => db.ArtifactBundles.CountAsync())).ShouldBe(2);
        // The three bundles hold the same two files: their content is stored once and still needed.
        (await app.WithDbAsync(db => db.ArtifactBlobs.CountAsync())).ShouldBe(2);

        (await cli.PostJsonAsync("/api/0/organizations/default/releases/", new { version = "shop@3", projects = new[] { "default" } })).EnsureSuccessStatusCode();
        (await cli.DeleteAsync("/api/0/organizations/default/releases/shop@3/")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ReleasesWithFilesAsync(app)).ShouldBe(["shop@2"]);
        (await cli.PostJsonAsync("/api/0/organizations/default/releases/", new { version = "shop@2", projects = new[] { "default" } })).EnsureSuccessStatusCode();
        (await cli.DeleteAsync("/api/0/organizations/default/releases/shop@2/")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.WithDbAsync(db => db.ArtifactFiles.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(db => db.ArtifactBundles.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(db => db.ArtifactBlobs.CountAsync())).ShouldBe(0);
    }

    [Theory, SqliteData]
    public async Task Maps_without_a_release_are_kept_for_a_while(string provider)
    {
        var clock = new ManualClock();
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:SourceMaps:KeepUnreleasedDays"] = "30" }, clock: clock);
        var cli = await ApiTokens.ClientAsync(app);
        await UploadAsync(cli, ArtifactBundles.Esbuild("c0ffee00-1234-4abc-8def-0123456789ab"), version: null);
        clock.Advance(TimeSpan.FromDays(29));
        await UploadAsync(cli, ArtifactBundles.Esbuild("c0ffee00-1234-4abc-8def-0123456789ac"), version: null);
        (await app.WithDbAsync(db => db.ArtifactBundles.CountAsync())).ShouldBe(2);

        clock.Advance(TimeSpan.FromDays(2));
        await UploadAsync(cli, ArtifactBundles.Esbuild("c0ffee00-1234-4abc-8def-0123456789ad"), version: null);
        (await app.WithDbAsync(db => db.ArtifactFiles.Select(f => f.DebugId).Distinct().OrderBy(d => d).ToListAsync()))
            .ShouldBe(["c0ffee00-1234-4abc-8def-0123456789ac", "c0ffee00-1234-4abc-8def-0123456789ad"]);
    }
}
