using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// Red team 14b: files that git applies as plain, mode-100644 changes (so git's own reading agrees
/// with the text reading) but that restore, build or test tools read and that decide whether the
/// tests run at all, or what they compare against. The guard's lists miss them.
/// </summary>
public sealed class PatchGuardAttack14bTests
{
    [Theory]
    // pytest reads .pytest.ini (before pyproject.toml/tox.ini/setup.cfg in the same directory): addopts = --collect-only exits 0 without running a test.
    [InlineData(".pytest.ini")]
    // MSBuild (dotnet build/test) reads Directory.Build.rsp from the project directory upwards: -p:IsTestProject=false makes dotnet test run nothing.
    [InlineData("Directory.Build.rsp")]
    [InlineData("src/Directory.Build.rsp")]
    // Go: go.work chooses which module directories (and replacements) the build and tests use.
    [InlineData("go.work")]
    // Third review: MSBuild imports X.csproj.user; cargo and yarn configuration; a root module named like the test tool shadows it.
    [InlineData("Shop.csproj.user")]
    [InlineData(".cargo/config.toml")]
    [InlineData(".pnp.cjs")]
    [InlineData(".yarn/releases/yarn-4.1.0.cjs")]
    [InlineData("pytest.py")]
    [InlineData("unittest/__init__.py")]
    [InlineData("tests/snapshots/cart.snap")]
    [InlineData("src/Cart.approved.txt")]
    public void Config_that_decides_what_validation_runs_is_guarded(string path)
    {
        var review = PatchGuard.Review([new PatchedFile(path, 0x81A4)], PatchScope.None);
        Assert.NotEmpty(review.Problems);
    }

    [Theory]
    // Test projects named in the singular or with a qualifier: every file in them is test code.
    [InlineData("Shop.Test/CartAssertions.cs")]
    [InlineData("Shop.UnitTests/Fixture.cs")]
    [InlineData("unit_tests/helpers.py")]
    // What the tests compare against: jest snapshots beside the code, Go golden files.
    [InlineData("src/__snapshots__/cart.test.js.snap")]
    [InlineData("pkg/cart/testdata/total.golden")]
    public void Test_code_and_expectations_are_guarded(string path)
    {
        var review = PatchGuard.Review([new PatchedFile(path, 0x81A4)], PatchScope.None);
        Assert.NotEmpty(review.Problems);
    }

    /// <summary>
    /// The patch is applied after the restore step, into a worktree where restore left what build and
    /// test load (node_modules, .venv, pip --target .deps) and where HOME is (.sandbox-home,
    /// SandboxProcess.cs:43): none of it is repository source, and every file there chooses what the
    /// test run executes: a user-site module shadowing the system pytest, a pytest11 entry point that
    /// pytest autoloads, a module node resolves before the installed package.
    /// </summary>
    [Theory]
    [InlineData(".sandbox-home/.local/lib/python3.11/site-packages/pytest.py")]
    [InlineData(".sandbox-home/.local/lib/python3.11/site-packages/passall-1.0.dist-info/entry_points.txt")]
    [InlineData(".venv/lib/python3.11/site-packages/passall-1.0.dist-info/entry_points.txt")]
    [InlineData(".deps/passall-1.0.dist-info/entry_points.txt")]
    [InlineData("node_modules/passall/index.js")]
    public void What_restore_installed_and_the_sandbox_home_are_guarded(string path)
    {
        var review = PatchGuard.Review([new PatchedFile(path, 0x81A4)], PatchScope.None);
        Assert.NotEmpty(review.Problems);
    }
}
