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
}
