using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Tests.Autofix;

public class PatchGuardTests
{
    private static string Diff(string path, string header = "") => $"""
        diff --git a/{path} b/{path}
        {header}--- a/{path}
        +++ b/{path}
        @@ -1 +1 @@
        -old
        +new
        """;

    [Fact]
    public void An_ordinary_change_passes_and_names_its_file()
    {
        PatchGuard.Problems(Diff("src/calc.py")).ShouldBeEmpty();
        PatchGuard.Problems(Diff("src/contest.py")).ShouldBeEmpty();
        PatchGuard.Problems(Diff("src/Testing/Latest.cs")).ShouldBeEmpty();
        PatchGuard.ChangedFiles(Diff("src/calc.py")).ShouldBe(["src/calc.py"]);
    }

    [Theory]
    [InlineData("../outside.py", "leaves the repository")]
    [InlineData("src/../../etc/passwd", "leaves the repository")]
    [InlineData(".git/hooks/pre-commit", "touches .git")]
    [InlineData("vendor/.GIT/config", "touches .git")]
    [InlineData(".github/workflows/ci.yml", "edits CI configuration")]
    [InlineData(".gitlab-ci.yml", "edits CI configuration")]
    [InlineData(".ci/run", "edits CI configuration")]
    [InlineData("/etc/cron.d/x", "an absolute path")]
    [InlineData("bugsage.json", "edits CI configuration")]
    [InlineData("tests/test_calc.py", "edits the tests that judge the fix")]
    [InlineData("pkg/test_calc.py", "edits the tests that judge the fix")]
    [InlineData("src/cart.test.js", "edits the tests that judge the fix")]
    [InlineData("web/__tests__/cart.tsx", "edits the tests that judge the fix")]
    [InlineData("Shop.Tests/Program.cs", "edits the tests that judge the fix")]
    [InlineData("src/OrderServiceTests.cs", "edits the tests that judge the fix")]
    [InlineData("calc_test.go", "edits the tests that judge the fix")]
    public void Patches_outside_a_fixs_business_are_refused(string path, string problem) =>
        PatchGuard.Problems(Diff(path)).ShouldContain(p => p.EndsWith(problem, StringComparison.Ordinal));

    [Fact]
    public void Symlinks_binary_files_and_empty_patches_are_refused()
    {
        PatchGuard.Problems("diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+/etc/passwd\n").ShouldContain("creates a symlink");
        PatchGuard.Problems("diff --git a/logo.png b/logo.png\nGIT binary patch\nliteral 0\n").ShouldContain("changes a binary file");
        PatchGuard.Problems("nothing here").ShouldContain("changes no file");
    }

    [Theory]
    [InlineData("package.json")]
    [InlineData("web/package-lock.json")]
    [InlineData(".npmrc")]
    [InlineData("jest.config.js")]
    [InlineData("vitest.config.mts")]
    [InlineData("conftest.py")]
    [InlineData("src/pkg/conftest.py")]
    [InlineData("setup.py")]
    [InlineData("pyproject.toml")]
    [InlineData("requirements-dev.txt")]
    [InlineData("pytest.ini")]
    [InlineData("src/evil.pth")]
    [InlineData("sitecustomize.py")]
    [InlineData("Makefile")]
    [InlineData("lib/rules.mk")]
    [InlineData("Shop/Shop.csproj")]
    [InlineData("Directory.Build.props")]
    [InlineData("build/Shop.targets")]
    [InlineData("NuGet.Config")]
    [InlineData("global.json")]
    [InlineData("go.mod")]
    [InlineData("Cargo.toml")]
    [InlineData("build.rs")]
    [InlineData("scripts/bootstrap.sh")]
    [InlineData("build.sh")]
    [InlineData("run_tests.py")]
    public void Files_that_run_during_restore_build_or_test_are_refused(string path) =>
        PatchGuard.Problems(Diff(path)).ShouldBe([$"{path}: runs during restore, build or test"]);

    [Theory]
    [InlineData("src/checkout/check.py")]   // a module named like a root script, deeper down
    [InlineData("src/setup_wizard.py")]
    [InlineData("app/package_json.js")]
    [InlineData("docs/Makefile.md")]
    public void Source_files_that_only_look_alike_pass(string path) => PatchGuard.Problems(Diff(path)).ShouldBeEmpty();

    [Fact]
    public void A_file_the_commands_name_runs_during_validation()
    {
        var scope = new PatchScope(null, ["sh tools/verify-all.sh && python3 ./app/selfcheck.py --fast", "node bin/test-runner.mjs"]);
        PatchGuard.Review(Diff("tools/verify-all.sh"), scope).Problems.ShouldBe(["tools/verify-all.sh: runs during restore, build or test"]);
        PatchGuard.Review(Diff("app/selfcheck.py"), scope).Problems.ShouldBe(["app/selfcheck.py: runs during restore, build or test"]);
        PatchGuard.Review(Diff("bin/test-runner.mjs"), scope).Problems.ShouldNotBeEmpty();
        PatchGuard.Review(Diff("app/run.sh"), new PatchScope(null, ["cd app && ./run.sh"])).Problems.ShouldBe(["app/run.sh: runs during restore, build or test"]);
        var other = PatchGuard.Review(Diff("app/orders.py"), scope);
        (other.Problems.Count, other.ExtraReview.Count).ShouldBe((0, 0), "other files are not touched by the rule");
    }

    [Fact]
    public void The_culprit_may_be_such_a_file_and_then_needs_extra_review()
    {
        var review = PatchGuard.Review(Diff("setup.py"), new PatchScope("./setup.py", []));
        review.Problems.ShouldBeEmpty();
        review.ExtraReview.ShouldBe(["setup.py: runs during restore, build or test, and is the culprit the analysis named"]);

        // Naming the culprit excuses that file only: a second build file in the same patch is still refused.
        var both = PatchGuard.Review(Diff("setup.py") + "\n" + Diff("Makefile"), new PatchScope("setup.py", []));
        both.Problems.ShouldBe(["Makefile: runs during restore, build or test"]);
        both.ExtraReview.ShouldBeEmpty();

        // And never the other rules: a culprit among the tests or CI stays refused.
        PatchGuard.Review(Diff("tests/conftest.py"), new PatchScope("tests/conftest.py", [])).Problems.ShouldContain("tests/conftest.py: edits the tests that judge the fix");
    }
}
