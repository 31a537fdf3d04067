using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// Red team 14c: what the server itself (outside bubblewrap) does with a worktree after repository
/// code has run in it.
/// </summary>
public sealed class SandboxAttack14cTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("bugsage-data-").FullName;

    public SandboxAttack14cTests() =>
        Bubblewrap.Host.Unavailable.ShouldBeNull("these tests need bubblewrap (Debian: apt-get install bubblewrap) and user namespaces; .ci/run installs it");

    public void Dispose() => Directory.Delete(data, recursive: true);

    /// <summary>
    /// ValidationSandbox.CandidateAsync checks for symlinks right after <c>git apply</c>, then BuildAsync runs the
    /// static checks file by file: <c>python3 -m py_compile a.py</c> in the sandbox (with <c>-m</c>, the worktree is
    /// first on sys.path, so the repository's own <c>py_compile.py</c> runs), and afterwards the server reads every
    /// changed <c>.cs</c> file itself (File.ReadAllTextAsync for the Roslyn syntax check), following whatever that
    /// code left there. A hostile repository swaps b.cs for a symlink to a server file: the server parses it and
    /// writes Roslyn's diagnostics (line, column and tokens of the file) into the candidate's log. A symlink to
    /// /dev/zero or a FIFO makes the server read forever.
    /// </summary>
    [Fact]
    public async Task The_server_never_reads_a_changed_file_through_a_symlink_planted_by_sandboxed_code()
    {
        var secret = Path.Combine(data, "bugsage.db");
        await File.WriteAllTextAsync(secret, "SQLite format 3 jwt-signing-key-7f3a");
        using var repo = new TestRepository().Commit("hostile",
            ("a.py", "def answer():\n    return 41\n"),
            ("b.cs", "public static class B { public static int Answer() => 41; }\n"),
            // Runs in the sandbox as "python3 -m py_compile a.py": the repository's own code, shadowing the standard module.
            ("py_compile.py", $"import os\nos.remove('b.cs')\nos.symlink({System.Text.Json.JsonSerializer.Serialize(secret)}, 'b.cs')\nprint('PLANTED')\n"));
        File.WriteAllText(Path.Combine(repo.Path, "a.py"), "def answer():\n    return 42\n");
        File.WriteAllText(Path.Combine(repo.Path, "b.cs"), "public static class B { public static int Answer() => 42; }\n");
        var diff = repo.Git("diff");
        repo.Git("checkout", "--", ".");

        var run = await ValidationSandbox.ValidateAsync(repo.Path, "HEAD", null, "true", [diff],
            SandboxLimits.Default with { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        var candidate = run.Candidates.ShouldHaveSingleItem();
        candidate.Log.ShouldContain("PLANTED", customMessage: "the repository's py_compile.py ran as the static check of a.py");
        candidate.Log.ShouldNotContain("error CS", customMessage:
            "the server followed a symlink the sandboxed code planted after the symlink check and parsed a file outside the worktree: " + candidate.Log);
    }
}
