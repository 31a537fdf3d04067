using System.Text.Json.Nodes;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix.Reproduction;

/// <summary>
/// A Node.js crash becomes a node:test test that calls the exported culprit with what @sentry/node
/// sent for its frame (<c>includeLocalVariables: true</c>). The frames' variables below are as
/// @sentry/node 11 sends them: primitives as JSON, undefined as "&lt;undefined&gt;", objects with their
/// primitive properties only.
/// </summary>
public sealed class NodeReproductionTests : IDisposable
{
    private readonly string tree = Directory.CreateTempSubdirectory("bugsage-repro-js-").FullName;

    public void Dispose() => Directory.Delete(tree, recursive: true);

    private const string Duration = """
        'use strict';

        /** Minutes in a duration written as `1h30m`. */
        function parseDuration(text, unit = 'm') {
          const match = /^(\d+)h(\d+)m$/.exec(text);
          return Number(match[1]) * 60 + Number(match[2]);
        }

        module.exports = { parseDuration };
        """;

    private static readonly ExpectedFailure NullMatch = new("TypeError", "parseDuration", "lib/duration.js");

    private static CrashFrame DurationFrame(string source = Duration) =>
        new("lib/duration.js", "parseDuration", 6, JsonNode.Parse("""{"text": "1h30", "unit": "m", "match": null}""")!.AsObject(), source);

    [Fact]
    public void The_exported_culprit_is_required_and_called_with_its_frame_values_beside_the_repository_tests()
    {
        var built = ReproductionBuilder.Build("javascript", [DurationFrame()], NullMatch, "match[1]", ["lib/duration.js", "test/duration.test.js", "package.json"]);

        var test = built.Test.ShouldNotBeNull(built.Why);
        test.Path.ShouldBe("test/bugsage-reproduction.test.js");
        test.Command.ShouldBe("node test/bugsage-reproduction.test.js");
        test.Code.ShouldStartWith("'use strict';\n");
        test.Code.ShouldContain("const test = require('node:test');");
        test.Code.ShouldContain("    const target = require('../lib/duration.js');\n    await target.parseDuration(\"1h30\", \"m\");\n");
    }

    [NetworkIsolationFact]
    public async Task It_fails_as_the_crash_did_on_the_release_and_passes_once_the_code_is_fixed()
    {
        var test = ReproductionBuilder.Build("javascript", [DurationFrame()], NullMatch, null, ["lib/duration.js", "test/duration.test.js"]).Test!;
        Write("lib/duration.js", Duration);

        var baseline = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        // V8 names a function called through its module object by its receiver too: the same function as the SDK's.
        baseline.Observed.ShouldBe(new ObservedFailure("TypeError", "Object.parseDuration", "lib/duration.js"), baseline.Output);
        baseline.Mismatch(NullMatch).ShouldBeNull();

        File.Delete(Path.Combine(tree, test.Path));
        Write("lib/duration.js", Duration.Replace("(\\d+)m$/", "(\\d+)m?$/", StringComparison.Ordinal));
        var fixedRun = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        fixedRun.Passed.ShouldBeTrue(fixedRun.Output);
    }

    [NetworkIsolationFact]
    public async Task A_patch_that_exits_0_inside_the_call_does_not_pass()
    {
        var test = ReproductionBuilder.Build("javascript", [DurationFrame()], NullMatch, null, ["lib/duration.js", "test/duration.test.js"]).Test!;
        // The "fix" ends the process before the call can return: exit code 0, and node:test never reports.
        Write("lib/duration.js", Duration.Replace("  const match", "  if (!/m$/.test(text)) process.exit(0);\n  const match", StringComparison.Ordinal));

        var run = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        run.ExitCode.ShouldBe(0, run.Output);
        run.Passed.ShouldBeFalse(run.Output);
        run.Output.ShouldNotContain(ReproductionRun.PassedMarker);
    }

    [NetworkIsolationFact]
    public async Task An_argument_the_SDK_sent_without_its_array_does_not_reproduce_and_is_discarded()
    {
        const string query = "'use strict';\nfunction tagsOf(params) {\n  if (params.tag === undefined) return [];\n  return params.tag.split(',');\n}\nmodule.exports = { tagsOf };\n";
        // @sentry/node keeps an object's primitive properties only: the repeated `tag` (an array) that crashed is not there.
        var frame = new CrashFrame("lib/query.js", "tagsOf", 4, JsonNode.Parse("""{"params": {"q": "lamp"}}""")!.AsObject(), query);
        var expected = new ExpectedFailure("TypeError", "tagsOf", "lib/query.js");
        var test = ReproductionBuilder.Build("javascript", [frame], expected, null, []).Test!;
        Write("lib/query.js", query);

        var run = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        run.Mismatch(expected).ShouldBe("it passed on the unpatched revision: the call did not fail", run.Output);
    }

    [Fact]
    public void An_ES_module_is_imported_and_undefined_comes_back_as_undefined()
    {
        const string source = "export async function loadProfile(id, cache) {\n  const profile = await cache.get(id);\n  return profile.name;\n}\n";
        var frame = new CrashFrame("src/profile.mjs", "async loadProfile", 3, JsonNode.Parse("""{"id": 7, "cache": "<undefined>"}""")!.AsObject(), source);

        var test = ReproductionBuilder.Build("javascript", [frame], new ExpectedFailure("TypeError", "loadProfile", "src/profile.mjs"), null, ["test/profile.test.mjs"]).Test!;

        test.Path.ShouldBe("test/bugsage-reproduction.test.mjs");
        test.Code.ShouldStartWith("// Reproduces the crash");
        test.Code.ShouldContain("import test from 'node:test';");
        test.Code.ShouldContain("    const target = await import('../src/profile.mjs');\n    await target.loadProfile(7, undefined);\n");
    }

    [Fact]
    public void A_function_the_module_does_not_export_cannot_be_called_and_the_reason_says_so()
    {
        var hidden = Duration.Replace("module.exports = { parseDuration };", "module.exports = {};", StringComparison.Ordinal);

        var built = ReproductionBuilder.Build("javascript", [DurationFrame(hidden)], NullMatch, null, []);

        built.Test.ShouldBeNull();
        built.Why.ShouldBe("no frame of the call chain can be called from a test: parseDuration() is not exported from lib/duration.js, so no test can call it");
    }

    [Theory]
    [InlineData("tagsOf", "tagsOf")]
    [InlineData("Object.tagsOf", "tagsOf")]
    [InlineData("Timeout.main [as _onTimeout]", "main")]
    [InlineData("async loadProfile", "loadProfile")]
    public void Function_names_compare_as_the_runtime_and_the_SDK_print_them(string printed, string name) =>
        ReproductionRun.FunctionName(printed).ShouldBe(name);

    private void Write(string path, string text)
    {
        var full = Path.Combine(tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
