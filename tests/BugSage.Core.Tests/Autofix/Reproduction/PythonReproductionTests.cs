using System.Text.Json.Nodes;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix.Reproduction;

/// <summary>
/// A Python crash becomes a unittest test that calls the culprit with what sentry-python sent for its
/// frame: dicts and lists as JSON, every leaf as its repr. The test must fail the way the crash did on
/// the unpatched code and pass once the code is fixed; the frames below are as sentry-python 1.9 sends
/// them for this code (captured with Debian's python3-sentry-sdk).
/// </summary>
public sealed class PythonReproductionTests : IDisposable
{
    private readonly string tree = Directory.CreateTempSubdirectory("bugsage-repro-py-").FullName;

    public void Dispose() => Directory.Delete(tree, recursive: true);

    private const string Settings = """
        import copy

        DEFAULTS = {"server": {"port": 8080, "workers": 2}}


        def merge(base: dict, override: dict) -> dict:
            merged = copy.deepcopy(base)
            for key, value in override.items():
                if isinstance(value, dict):
                    merged[key] = merge(merged[key], value)
                else:
                    merged[key] = value
            return merged


        def for_environment(override: dict) -> dict:
            return merge(DEFAULTS, override)
        """;

    // sentry-python's locals for merge() when the 'cache' section is missing: every leaf a repr.
    private static JsonObject MergeVars() => JsonNode.Parse("""
        {"base": {"server": {"port": "8080", "workers": "2"}}, "override": {"server": {"workers": "8"}, "cache": {"url": "'redis://cache:6379'", "ttl": "300"}},
         "merged": {"server": {"port": "8080", "workers": "8"}}, "key": "'cache'", "value": {"url": "'redis://cache:6379'", "ttl": "300"}}
        """)!.AsObject();

    private static readonly ExpectedFailure KeyErrorInMerge = new("KeyError", "merge", "deploy/settings.py");

    private static readonly string[] Files = ["deploy/__init__.py", "deploy/settings.py", "render_config.py", "tests/__init__.py", "tests/test_settings.py"];

    [Fact]
    public void The_culprit_is_called_with_the_values_its_frame_held_beside_the_repository_tests()
    {
        var built = ReproductionBuilder.Build("python", [new CrashFrame("deploy/settings.py", "merge", 10, MergeVars(), Settings)], KeyErrorInMerge, "merged[key]", Files);

        var test = built.Test.ShouldNotBeNull(built.Why);
        test.Path.ShouldBe("tests/test_bugsage_reproduction.py");
        test.Command.ShouldBe("python3 -B tests/test_bugsage_reproduction.py");
        test.Code.ShouldContain("            from deploy.settings import merge\n");
        test.Code.ShouldContain("            merge({'server': {'port': 8080, 'workers': 2}}, {'server': {'workers': 8}, 'cache': {'url': 'redis://cache:6379', 'ttl': 300}})\n");
        test.Code.ShouldContain("class CrashReproduction(unittest.TestCase):");
        test.Code.ShouldContain("The failing expression: merged[key]");
    }

    [NetworkIsolationFact]
    public async Task It_fails_as_the_crash_did_on_the_release_and_passes_once_the_code_is_fixed()
    {
        var test = ReproductionBuilder.Build("python", [new CrashFrame("deploy/settings.py", "merge", 10, MergeVars(), Settings)], KeyErrorInMerge, null, Files).Test!;
        Write("deploy/__init__.py", "");
        Write("deploy/settings.py", Settings);
        Write("tests/__init__.py", "");

        var baseline = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        baseline.Passed.ShouldBeFalse(baseline.Output);
        baseline.Observed.ShouldBe(new ObservedFailure("KeyError", "merge", "deploy/settings.py"), baseline.Output);
        baseline.Mismatch(KeyErrorInMerge).ShouldBeNull();

        File.Delete(Path.Combine(tree, test.Path));
        Write("deploy/settings.py", Settings.Replace("merge(merged[key], value)", "merge(merged.get(key, {}), value)", StringComparison.Ordinal));
        var fixedRun = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);
        fixedRun.Passed.ShouldBeTrue(fixedRun.Output);
        fixedRun.Output.ShouldContain("OK");
        fixedRun.Output.TrimEnd().Split('\n')[^1].ShouldStartWith(ReproductionRun.PassedMarker);
    }

    [NetworkIsolationFact]
    public async Task A_patch_that_exits_0_inside_the_call_does_not_pass()
    {
        var test = ReproductionBuilder.Build("python", [new CrashFrame("deploy/settings.py", "merge", 10, MergeVars(), Settings)], KeyErrorInMerge, null, Files).Test!;
        Write("deploy/__init__.py", "");
        Write("tests/__init__.py", "");
        // The "fix" ends the process before the call can return: exit code 0, and unittest never reports.
        Write("deploy/settings.py", "import os\n" + Settings.Replace("merge(merged[key], value)", "merge(merged[key] if key in merged else os._exit(0), value)", StringComparison.Ordinal));

        var run = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        run.ExitCode.ShouldBe(0, run.Output);
        run.Passed.ShouldBeFalse(run.Output);
        run.Mismatch(KeyErrorInMerge).ShouldBe("it exited 0 without the harness's last line, so the call never returned to the test");
    }

    [NetworkIsolationFact]
    public async Task A_test_that_raises_something_else_is_not_a_reproduction()
    {
        // Values that do not match the crash's (here no base at all) take another path and fail another way.
        var vars = JsonNode.Parse("""{"base": "None", "override": {"cache": {"ttl": "300"}}}""")!.AsObject();
        var test = ReproductionBuilder.Build("python", [new CrashFrame("deploy/settings.py", "merge", 10, vars, Settings)], KeyErrorInMerge, null, Files).Test!;
        Write("deploy/__init__.py", "");
        Write("deploy/settings.py", Settings);

        var run = await ValidationSandbox.RunReproductionAsync(tree, test, SandboxLimits.Default, SandboxAccess.None, CancellationToken.None);

        run.Mismatch(KeyErrorInMerge).ShouldBe("it raised TypeError where the crash raised KeyError", run.Output);
    }

    [Fact]
    public void An_argument_sent_only_as_an_object_repr_moves_the_test_to_a_caller_it_can_rebuild()
    {
        const string orders = "class Order:\n    pass\n\n\ndef latest(orders):\n    return orders[-1].created\n\n\ndef summary(customer_id, orders_by_customer):\n    return latest(orders_by_customer[customer_id])\n";
        var inner = new CrashFrame("shop/orders.py", "latest", 6, JsonNode.Parse("""{"orders": ["<shop.orders.Order object at 0x7f3a2c1b5e50>"]}""")!.AsObject(), orders);
        var outer = new CrashFrame("shop/orders.py", "summary", 10, JsonNode.Parse("""{"customer_id": "'42'", "orders_by_customer": {"42": []}}""")!.AsObject(), orders);

        var built = ReproductionBuilder.Build("python", [inner, outer], new ExpectedFailure("IndexError", "latest", "shop/orders.py"), null, ["shop/orders.py"]);

        var test = built.Test.ShouldNotBeNull(built.Why);
        test.Path.ShouldBe("test_bugsage_reproduction.py", "the repository has no tests: the test goes at its root");
        test.Code.ShouldContain("            summary('42', {'42': []})\n");
        test.Drives.ShouldBe("summary('42', {'42': []}) from shop/orders.py");
    }

    [Fact]
    public void Methods_nested_functions_and_missing_values_are_said_and_nothing_is_guessed()
    {
        const string source = "class Cart:\n    def total(self, lines):\n        return sum(l.price for l in lines) / len(lines)\n";
        var method = new CrashFrame("cart.py", "total", 3, JsonNode.Parse("""{"self": "<cart.Cart object at 0x7f>", "lines": "[]"}""")!.AsObject(), source);
        var noValue = new CrashFrame("calc.py", "average", 2, JsonNode.Parse("""{"total": "0"}""")!.AsObject(), "def average(values):\n    return sum(values) / len(values)\n");

        var built = ReproductionBuilder.Build("python", [method, noValue], new ExpectedFailure("ZeroDivisionError", "total", "cart.py"), null, []);

        built.Test.ShouldBeNull();
        built.Why.ShouldBe("no frame of the call chain can be called from a test: total() is not a module-level function of cart.py (a method or a nested function needs state the event does not carry); " +
            "the event carries no value for values, a parameter of average()");
    }

    [Fact]
    public void Without_frame_variables_or_for_dotnet_there_is_no_reproduction_and_the_reason_says_why()
    {
        var bare = new CrashFrame("calc.py", "average", 2, null, "def average(values):\n    return sum(values) / len(values)\n");
        ReproductionBuilder.Build("python", [bare], new ExpectedFailure("ZeroDivisionError", "average", "calc.py"), null, []).Why
            .ShouldBe("the event carries no frame variables (the SDK sends them with include_local_variables, on by default in sentry-python), so the failing call's arguments are not known");
        ReproductionBuilder.Build("dotnet", [bare], new ExpectedFailure("System.DivideByZeroException", "Average", "Calc.cs"), null, []).Why
            .ShouldStartWith("the .NET SDK sends no local variables");
    }

    [Fact]
    public void Async_functions_run_in_an_event_loop_and_keyword_only_parameters_go_by_name()
    {
        const string source = "async def check(url, *, timeout=5, retries):\n    raise TimeoutError(url)\n";
        var frame = new CrashFrame("health.py", "check", 2, JsonNode.Parse("""{"url": "'http://db'", "retries": "3"}""")!.AsObject(), source);

        var test = ReproductionBuilder.Build("python", [frame], new ExpectedFailure("TimeoutError", "check", "health.py"), null, []).Test!;

        test.Code.ShouldContain("import asyncio\n");
        test.Code.ShouldContain("            asyncio.run(check('http://db', retries=3))\n");
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
