using System.Diagnostics;
using System.Text;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;
using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Tests.Autofix.Attack39;

/// <summary>
/// The crash's other files: hostile imports, hostile sizes, and related files a patch may not change.
/// </summary>
public sealed class HostileRelatedTests
{
    /// <summary>Largest related file RelatedAsync keeps (FixSessionWorker.MaxRelatedLength); the culprit's own file has no limit.</summary>
    private const int MaxRelatedLength = 256 * 1024;

    private static string Interleaved(string hostile, string import)
    {
        var text = new StringBuilder();
        while (text.Length + hostile.Length + import.Length < MaxRelatedLength) text.Append(hostile).Append(import);
        return text.ToString();
    }

    [Fact]
    public void Attack39_reading_a_python_files_imports_is_bounded_as_a_whole_not_only_per_match()
    {
        // `\.*[\w.]*` both take dots: a `from` of many dots and no `import` backtracks quadratically. Kept under the 250 ms
        // per-match limit and followed by a real import each time, so every match succeeds and no timeout ever ends the loop.
        var source = Interleaved("from " + new string('.', 5000) + "x\n", "import a\n");

        var clock = Stopwatch.StartNew();
        ModuleImports.Of("python", "m.py", source, ["a.py"]);

        // ~50 matches of ~150 ms each in a 256 KB file: seconds per file, for the culprit and each caller's file; the culprit
        // file itself is read whatever its size, so a 5 MB culprit costs minutes of a worker thread.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void Attack39_reading_a_javascript_files_imports_is_bounded_as_a_whole_not_only_per_match()
    {
        // `^\s*import\s+` in Multiline: at each of many blank lines \s* runs to the end of the blank block and back.
        var source = Interleaved(new string('\n', 5000), "require('./a')\n");

        var clock = Stopwatch.StartNew();
        ModuleImports.Of("javascript", "m.js", source, ["a.js"]);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void Attack39_held_the_related_files_share_one_reading_budget()
    {
        // Every line a sort of a mapped property: each makes NumericSort read the whole file for arithmetic with it.
        var lines = new StringBuilder();
        for (var n = 0; lines.Length < MaxRelatedLength - 100; n++) lines.Append($"const v{n} = xs.map((s) => s.p{n}).sort();\n");
        var files = Enumerable.Range(0, 12).Select(n => new RelatedSource($"lib/f{n}.js", 0, lines.ToString())).ToList();

        var clock = Stopwatch.StartNew();
        IntentOperators.Related(new FixTarget("javascript", "unknown", "lib/crash.js", 1, null), files);

        clock.Elapsed.ShouldBeLessThan(OperatorText.Budget + TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("javascript", "../../../etc/passwd")]
    [InlineData("javascript", "./../../x")]
    [InlineData("python", "....x")]
    public void Attack39_held_an_import_never_leaves_the_repository(string language, string spec)
    {
        var source = language == "python" ? $"from {spec} import y\n" : $"require('{spec}');\n";

        ModuleImports.Of(language, "a/b.x", source, ["etc/passwd", "x.js", "x.py", "a/x.py"]).ShouldBeEmpty();
    }

    /// <summary>A loop one short with the evidence LoopStopsShort reads: a repair in every file it sits in.</summary>
    private const string LoopOneShort = "function parse(lines) {\n  for (let i = 1; i < lines.length - 1; i++) {\n    const line = lines[i];\n    if (!line) continue;\n    out.push(line);\n  }\n}\n";

    [Fact]
    public async Task Attack39_no_related_candidate_is_one_the_patch_guard_refuses()
    {
        // What the app's files import: a bundler configuration, vendored code, a root build script. RelatedAsync leaves out only
        // PatchGuard.IsTestFile; the docs say "tests and files a patch may not change left out".
        string[] imported = ["webpack.config.js", "vendor/csv.js", ".github/scripts/release.js", "lib/rows.js"];
        var related = imported.Where(p => !PatchGuard.IsTestFile(p)).Select(p => new RelatedSource(p, 0, LoopOneShort)).ToList();

        var candidates = await OfflineFixGenerator.GenerateAsync(new FixTarget("javascript", "unknown", "lib/crash.js", 1, null), "crash();\n", related, CancellationToken.None);

        var refused = candidates.Where(c => PatchGuard.Review(c.Diff, new PatchScope("lib/crash.js", [])).Problems.Count > 0).Select(c => c.Diff.Split('\n')[0]).ToList();
        // Three sandbox runs spent on patches the guard refuses; the three related slots (MaxRelatedRepairs) are full, so the
        // repair in lib/rows.js, the one a patch may change, is never proposed.
        refused.ShouldBeEmpty();
        candidates.ShouldContain(c => c.Diff.Contains("b/lib/rows.js", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attack39_no_related_python_candidate_is_one_the_patch_guard_refuses()
    {
        // A package module named like the standard library's (app/queue.py) resolves from `from app.queue import Jobs`;
        // PatchGuard refuses any patch to it (PythonStandardLibrary.Shadows), so its candidate is a sandbox run spent for nothing.
        const string loop = "def parse(lines):\n    for i in range(1, len(lines) - 1):\n        line = lines[i]\n        if not line:\n            continue\n        out.append(line)\n";
        var imports = ModuleImports.Of("python", "app/main.py", "from app.queue import Jobs\n", ["app/__init__.py", "app/queue.py", "app/main.py"]);
        imports.ShouldBe(["app/queue.py"]);
        var related = imports.Where(p => !PatchGuard.IsTestFile(p)).Select(p => new RelatedSource(p, 0, loop)).ToList();

        var candidates = await OfflineFixGenerator.GenerateAsync(new FixTarget("python", "unknown", "app/main.py", 1, null), "crash()\n", related, CancellationToken.None);

        // Nothing is proposed in app/queue.py (the only related file): no candidate at all is the right answer here.
        var scope = new PatchScope("app/main.py", Array.Empty<string>());
        candidates.Where(c => PatchGuard.Review(c.Diff, scope).Problems.Count > 0).Select(c => c.Diff.Split('\n')[0]).ShouldBeEmpty();
    }
}
