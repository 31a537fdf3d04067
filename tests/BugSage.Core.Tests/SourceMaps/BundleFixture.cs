using System.Text.RegularExpressions;
using BugSage.Core.Events;
using BugSage.Core.SourceMaps;

namespace BugSage.Core.Tests.SourceMaps;

/// <summary>
/// A bundle built by a real bundler from <c>Bundles/src</c> (see <c>Bundles/build.sh</c>): its
/// minified file, its map, and the stack Node.js printed when it ran.
/// </summary>
internal sealed record BundleFixture(string MinifiedSource, byte[] MapJson, IReadOnlyList<StackFrame> Frames)
{
    private static readonly Regex FrameLine = new(@"^\s+at (?:(?<fn>.+?) \()?(?<url>https://[^\s()]+):(?<line>\d+):(?<col>\d+)\)?$", RegexOptions.Multiline);

    public static BundleFixture Load(string bundler)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "SourceMaps", "Bundles", bundler);
        var frames = FrameLine.Matches(File.ReadAllText(Path.Combine(dir, "stack.txt")))
            .Select(m => new StackFrame
            {
                AbsPath = m.Groups["url"].Value,
                Filename = m.Groups["url"].Value,
                Function = m.Groups["fn"].Success ? m.Groups["fn"].Value : null,
                Lineno = long.Parse(m.Groups["line"].Value),
                Colno = long.Parse(m.Groups["col"].Value),
                InApp = true,
            })
            .ToList();
        return new BundleFixture(File.ReadAllText(Path.Combine(dir, "app.min.js")), File.ReadAllBytes(Path.Combine(dir, "app.min.js.map")), frames);
    }

    public SourceArtifact Artifact(bool withMinifiedSource = true) => new(SourceMap.Parse(MapJson), withMinifiedSource ? MinifiedSource : null);
}
