using System.Net;
using System.Text.RegularExpressions;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.SourceMaps;

/// <summary>
/// The same bug shipped in two builds (different bundle hashes, debug IDs, minified names and
/// positions: esbuild/ and esbuild-next/ of the source map fixtures) is one issue once both
/// builds' maps are uploaded: grouping sees the original frames, not the minified file's name.
/// </summary>
public partial class SourceMapGroupingTests
{
    [GeneratedRegex(@"at (?:(?<fn>\S+) \()?(?<url>https://[^:]+(?::\d+)?[^:]*):(?<line>\d+):(?<col>\d+)\)?")]
    private static partial Regex StackLine();

    /// <summary>The event Node.js reported for a build (its stack.txt), served from <paramref name="url"/>.</summary>
    private static object ErrorOf(string directory, string url, string debugId)
    {
        var frames = File.ReadAllLines(Path.Combine(directory, "stack.txt")).Select(l => StackLine().Match(l)).Where(m => m.Success)
            .Select(m => new
            {
                // The module as @sentry/node derives it from the file: it carries the bundle's hash.
                abs_path = url, filename = new Uri(url).AbsolutePath, module = Path.GetFileNameWithoutExtension(new Uri(url).AbsolutePath),
                function = m.Groups["fn"].Success ? m.Groups["fn"].Value : null,
                lineno = int.Parse(m.Groups["line"].Value), colno = int.Parse(m.Groups["col"].Value), in_app = true,
            })
            .Reverse().ToArray();
        return new
        {
            event_id = Envelopes.NewEventId(), platform = "javascript", release = "shop@3.1.0",
            exception = new { values = new[] { new { type = "TypeError", value = "Cannot read properties of undefined (reading 'percent')", stacktrace = new { frames } } } },
            debug_meta = new { images = new[] { new { type = "sourcemap", code_file = url, debug_id = debugId } } },
        };
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_same_bug_in_two_builds_with_different_bundle_hashes_is_one_issue(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var admin = await app.SignedInClientAsync();
        var cli = await ApiTokens.ClientAsync(app, user: admin);
        const string EsbuildId = "11111111-2222-4333-8444-555555555555", NextId = "66666666-7777-4888-9999-aaaaaaaaaaaa";
        foreach (var bundle in new[]
        {
            ArtifactBundles.Build(ArtifactBundles.BundleDirectory, EsbuildId, "~/assets/app.3f2a9c.min.js"),
            ArtifactBundles.Build(ArtifactBundles.NextBuildDirectory, NextId, "~/assets/app.b71e04.min.js"),
        })
        {
            var chunks = ArtifactBundles.Split(bundle, 1 << 20);
            (await cli.PostAsync("/api/0/organizations/default/chunk-upload/", ArtifactBundles.Chunks(chunks))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await (await cli.PostJsonAsync("/api/0/organizations/default/artifactbundle/assemble/", ArtifactBundles.Assemble(bundle, chunks))).ReadJsonAsync())["state"].Str().ShouldBe("ok");
        }
        var (projectId, key) = await app.DefaultKeyAsync();
        foreach (var payload in new[]
        {
            ErrorOf(ArtifactBundles.BundleDirectory, "https://shop.example/assets/app.3f2a9c.min.js", EsbuildId),
            ErrorOf(ArtifactBundles.NextBuildDirectory, "https://shop.example/assets/app.b71e04.min.js", NextId),
        })
            (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(Envelopes.NewEventId(), payload))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.DigestAsync();

        var issues = (await admin.GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items();
        var issue = issues.ShouldHaveSingleItem(string.Join("\n", issues.Select(i => $"{i!["title"]} {i["culprit"]}")))!;
        issue["count"].Long().ShouldBe(2);
        issue["culprit"].Str().ShouldStartWith("applyDiscount(");
    }
}
