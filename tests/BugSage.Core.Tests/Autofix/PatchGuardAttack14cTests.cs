using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// Red team 14c: files that build and test tools load and execute (or that are the test framework
/// itself), applied as plain mode-100644 changes, which the guard's lists miss.
/// </summary>
public sealed class PatchGuardAttack14cTests
{
    [Theory]
    // BugSage's own static check runs "python3 -m py_compile <file>" in the worktree: with -m the worktree is first on
    // sys.path, so a root py_compile.py runs instead of the standard module (as a root pytest.py would, which is guarded).
    [InlineData("py_compile.py")]
    // Go builds and tests from vendor/ when vendor/modules.txt is there (committed, so not ignored): the vendored test
    // framework decides every assertion.
    [InlineData("vendor/github.com/stretchr/testify/assert/assertions.go")]
    // Gradle compiles and runs buildSrc before every build, applies any *.gradle script named by build.gradle, and
    // takes JVM arguments from gradle.properties (org.gradle.jvmargs=-XX:OnOutOfMemoryError=<command>, -javaagent:).
    [InlineData("buildSrc/src/main/kotlin/Conventions.kt")]
    [InlineData("gradle/dependencies.gradle")]
    [InlineData("gradle.properties")]
    // Bundler evaluates the gemspec (Ruby code) that the Gemfile names, on every bundle exec.
    [InlineData("shop.gemspec")]
    // MSBuild imports a shared project's items file: MSBuild code like a .targets file.
    [InlineData("Shared/Shared.projitems")]
    // Karma's default configuration file name, ESLint's legacy JavaScript configuration, PostCSS configuration that
    // vite (and vitest) load, create-react-app's test setup file that jest loads before every test, nyc's require hooks.
    [InlineData("karma.conf.js")]
    [InlineData(".eslintrc.js")]
    [InlineData("postcss.config.js")]
    [InlineData("src/setupTests.js")]
    [InlineData(".nycrc")]
    public void A_file_that_runs_during_build_or_test_is_guarded(string path)
    {
        var review = PatchGuard.Review([new PatchedFile(path, 0x81A4)], PatchScope.None);
        review.Problems.ShouldNotBeEmpty($"{path} runs during restore, build or test, yet a candidate may write it");
    }

    /// <summary>
    /// End to end: a candidate that fixes app.py and adds a root py_compile.py has that file run by the static check of
    /// app.py (outside any command the repository configured): it could swap the next checked file for a symlink
    /// (see SandboxAttack14cTests), or print what validation reports.
    /// </summary>
    [Fact]
    public async Task A_candidate_adding_py_compile_py_has_it_run_by_the_static_check()
    {
        Bubblewrap.Host.Unavailable.ShouldBeNull("this test needs bubblewrap");
        using var repo = new TestRepository().Commit("app", ("app.py", "def answer():\n    return 41\n"));
        File.WriteAllText(Path.Combine(repo.Path, "app.py"), "def answer():\n    return 42\n");
        File.WriteAllText(Path.Combine(repo.Path, "py_compile.py"), "print('CANDIDATE-CODE-RAN-IN-STATIC-CHECK')\n");
        repo.Git("add", "-N", "py_compile.py");
        var diff = repo.Git("diff");
        repo.Git("reset", "-q");
        repo.Git("checkout", "--", "app.py");
        File.Delete(Path.Combine(repo.Path, "py_compile.py"));

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "true", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Log.ShouldNotContain("CANDIDATE-CODE-RAN-IN-STATIC-CHECK", customMessage: "the candidate's py_compile.py ran as BugSage's static check: " + candidate.Log);
        candidate.Problems.ShouldNotBeEmpty();
    }

    /// <summary>
    /// BuildAsync checks a changed .js file with <c>node --check '&lt;path&gt;'</c>, without <c>--</c>: a changed file whose path
    /// reads as an option (a directory named <c>--require=.</c> holding <c>evil.js</c>) is taken by node as
    /// <c>--require=./evil.js</c>, which loads and runs the candidate's root <c>evil.js</c>; --check then checks nothing and
    /// exits 0. The guard lets such a path through (no .., no colon, no control character).
    /// </summary>
    [Fact]
    public async Task A_changed_path_that_reads_as_an_option_does_not_run_code_in_the_static_check()
    {
        Bubblewrap.Host.Unavailable.ShouldBeNull("this test needs bubblewrap");
        using var repo = new TestRepository().Commit("app", ("app.js", "exports.answer = () => 41;\n"));
        File.WriteAllText(Path.Combine(repo.Path, "app.js"), "exports.answer = () => 42;\n");
        File.WriteAllText(Path.Combine(repo.Path, "evil.js"), "console.log('CANDIDATE-CODE-RAN-IN-NODE-CHECK');\n");
        Directory.CreateDirectory(Path.Combine(repo.Path, "--require=."));
        File.WriteAllText(Path.Combine(repo.Path, "--require=.", "evil.js"), "module.exports = {};\n");
        repo.Git("add", "-N", "--", "evil.js", "--require=./evil.js");
        var diff = repo.Git("diff");
        repo.Git("reset", "-q");
        repo.Git("checkout", "--", "app.js");
        File.Delete(Path.Combine(repo.Path, "evil.js"));
        Directory.Delete(Path.Combine(repo.Path, "--require=."), recursive: true);

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "true", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Log.ShouldNotContain("CANDIDATE-CODE-RAN-IN-NODE-CHECK", customMessage: "node took a changed file's path as --require and ran the candidate's code: " + candidate.Log);
    }

    /// <summary>
    /// The guard knows the files the configured commands name (<c>npm test</c>: package.json) and shell scripts under
    /// scripts/, but not what those files name in turn: <c>"test": "node scripts/test.js"</c> (create-react-app's ejected
    /// layout, and common elsewhere) or a Makefile's <c>python3 tools/run_tests.py</c>. The script that decides whether the
    /// tests pass is then plain source to the guard: a candidate that makes it exit 0 is validated as a fix.
    /// </summary>
    [Fact]
    public async Task A_script_the_test_command_runs_through_package_json_is_guarded()
    {
        Bubblewrap.Host.Unavailable.ShouldBeNull("this test needs bubblewrap");
        const string runner = "const { total } = require('../cart');\nif (total([1, 2]) !== 3) { console.error('FAIL total'); process.exit(1); }\nconsole.log('ok');\n";
        using var repo = new TestRepository().Commit("cart",
            ("package.json", "{ \"name\": \"cart\", \"version\": \"1.0.0\", \"scripts\": { \"test\": \"node scripts/test.js\" } }\n"),
            ("cart.js", "exports.total = (items) => items.reduce((a, b) => a + b, 1);\n"),
            ("scripts/test.js", runner));
        var diff = repo.DiffTo("scripts/test.js", "process.exit(0);\n" + runner);

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "npm test", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        run.Baseline.TestsPassed.ShouldBeFalse("the bug is there: the baseline fails " + run.Baseline.Log);
        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Validated.ShouldBeFalse("a patch that only makes scripts/test.js (what npm test runs) exit 0 was validated as a fix: " + candidate.Log);
        candidate.Problems.ShouldNotBeEmpty();
    }
}
