using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix.Reproduction;

/// <summary>
/// A Node.js crash whose call chain starts in a module's top-level code (V8's <c>Object.&lt;anonymous&gt;</c>)
/// becomes a node:test test that loads that module again: the way to drive a class method whose instance
/// was built over several calls, and any crash whose event has no frame variables (a printed trace, or
/// @sentry/node without <c>includeLocalVariables</c>).
/// </summary>
public sealed class NodeEntryReproductionTests : IDisposable
{
    private readonly string tree = Directory.CreateTempSubdirectory("bugsage-repro-entry-").FullName;

    public void Dispose() => Directory.Delete(tree, recursive: true);

    // A queue whose take() reads one place past what it holds once an item was taken.
    private const string Queue = """
        'use strict';
        class TicketQueue {
          constructor() { this.items = []; this.head = 0; }
          push(ticket) { this.items.push(ticket); }
          take() {
            const ticket = this.items[this.head + 1];
            this.head += 1;
            return ticket.id;
          }
        }
        module.exports = { TicketQueue };
        """;

    private const string Desk = """
        'use strict';
        const { TicketQueue } = require('./lib/queue');
        const queue = new TicketQueue();
        queue.push({ id: 1 });
        queue.push({ id: 2 });
        console.log(queue.take(), queue.take());
        """;

    private static readonly ExpectedFailure PastTheEnd = new("TypeError", "TicketQueue.take", "lib/queue.js");

    private static CrashFrame Take(string source = Queue) => new("lib/queue.js", "TicketQueue.take", 8, null, source);

    private static CrashFrame TopLevel(string path = "desk.js", string source = Desk) => new(path, "Object.<anonymous>", 6, null, source);

    [Fact]
    public void A_chain_that_starts_in_top_level_code_loads_that_module_beside_the_repository_tests()
    {
        var built = ReproductionBuilder.Build("javascript", [Take(), TopLevel()], PastTheEnd, "ticket.id", ["lib/queue.js", "desk.js", "test/queue.test.js"]);

        var test = built.Test.ShouldNotBeNull(built.Why);
        test.Path.ShouldBe("test/bugsage-reproduction.test.js");
        test.Command.ShouldBe("node test/bugsage-reproduction.test.js");
        test.Code.ShouldContain("const ROOT = path.resolve(__dirname, '..');");
        test.Code.ShouldContain("    require(path.join(ROOT, \"desk.js\"));\n    returned = true;\n");
        test.Drives.ShouldBe("the top-level code of desk.js");
    }

    [NetworkIsolationFact]
    public async Task A_class_method_fails_as_the_crash_did_on_the_release_and_passes_once_the_code_is_fixed()
    {
        var test = ReproductionBuilder.Build("javascript", [Take(), TopLevel()], PastTheEnd, null, ["test/queue.test.js"]).Test!;
        Write("lib/queue.js", Queue);
        Write("desk.js", Desk);

        var baseline = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        baseline.Observed.ShouldBe(new ObservedFailure("TypeError", "TicketQueue.take", "lib/queue.js"), baseline.Output);
        baseline.Mismatch(PastTheEnd).ShouldBeNull();

        File.Delete(Path.Combine(tree, test.Path));
        Write("lib/queue.js", Queue.Replace("this.head + 1", "this.head", StringComparison.Ordinal));
        var fixedRun = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        fixedRun.Passed.ShouldBeTrue(fixedRun.Output);
    }

    [NetworkIsolationFact]
    public async Task An_async_function_that_rejects_after_the_module_loaded_fails_the_run_as_the_crash_did()
    {
        // The rejection comes after an await, when the module has long returned to the test.
        const string profile = "'use strict';\nasync function cardOf(users, id) {\n  await new Promise((r) => setTimeout(r, 20));\n  const user = users.get(id);\n  return user.name.toUpperCase();\n}\nmodule.exports = { cardOf };\n";
        const string page = "'use strict';\nconst { cardOf } = require('./profile');\ncardOf(new Map([[1, { name: 'ada' }]]), 2).then(console.log);\n";
        var expected = new ExpectedFailure("TypeError", "cardOf", "profile.js");
        var test = ReproductionBuilder.Build("javascript", [new CrashFrame("profile.js", "cardOf", 5, null, profile), TopLevel("page.js", page)], expected, null, []).Test!;
        Write("profile.js", profile);
        Write("page.js", page);

        var baseline = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        baseline.Mismatch(expected).ShouldBeNull(baseline.Output);

        File.Delete(Path.Combine(tree, test.Path));
        Write("profile.js", profile.Replace("users.get(id)", "users.get(id) ?? { name: 'someone' }", StringComparison.Ordinal));
        var fixedRun = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        fixedRun.Passed.ShouldBeTrue(fixedRun.Output);
    }

    [NetworkIsolationFact]
    public async Task An_ES_module_is_imported_and_a_patch_that_exits_0_does_not_pass()
    {
        const string stock = "export function left(counts, sku) {\n  return counts[sku].units;\n}\n";
        const string report = "import { left } from './stock.mjs';\nconsole.log(left({ a: { units: 1 } }, 'b'));\n";
        var expected = new ExpectedFailure("TypeError", "left", "stock.mjs");
        var test = ReproductionBuilder.Build("javascript", [new CrashFrame("stock.mjs", "left", 2, null, stock), TopLevel("report.mjs", report) with { Function = "<anonymous>" }], expected, null, []).Test!;
        test.Path.ShouldBe("test/bugsage-reproduction.test.mjs");
        test.Code.ShouldContain("    await import(pathToFileURL(path.join(ROOT, \"report.mjs\")).href);\n");
        Write("stock.mjs", stock);
        Write("report.mjs", report);

        var baseline = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        baseline.Mismatch(expected).ShouldBeNull(baseline.Output);

        File.Delete(Path.Combine(tree, test.Path));
        Write("stock.mjs", stock.Replace("  return", "  if (!counts[sku]) process.exit(0);\n  return", StringComparison.Ordinal));
        var exited = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        exited.ExitCode.ShouldBe(0, exited.Output);
        exited.Passed.ShouldBeFalse(exited.Output);
    }

    [Fact]
    public void A_module_that_runs_only_as_the_main_module_is_not_loaded_and_the_reason_says_why()
    {
        var guarded = Desk.Replace("console.log(", "if (require.main === module) console.log(", StringComparison.Ordinal);

        var built = ReproductionBuilder.Build("javascript", [Take(), TopLevel(source: guarded)], PastTheEnd, null, []);

        built.Test.ShouldBeNull();
        built.Why.ShouldBe("no frame of the call chain can be called from a test: the event carries no frame variables (the SDK sends them with includeLocalVariables: true in @sentry/node), " +
            "so the failing call's arguments are not known; desk.js runs only as the process's main module (require.main === module)");
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
