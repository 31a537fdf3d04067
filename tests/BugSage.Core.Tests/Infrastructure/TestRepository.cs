using System.Diagnostics;

namespace BugSage.Tests.Infrastructure;

/// <summary>
/// A throwaway git repository for tests that need real history: files, commits by named
/// authors, tags, and git's own output. Deleted on dispose. Never reads the machine's git configuration.
/// </summary>
public sealed class TestRepository : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bugsage-repo-").FullName;

    public TestRepository() => Git("init", "-q", "-b", "main");

    /// <summary>Writes the files (paths relative to the root) and commits them.</summary>
    public TestRepository Commit(string message, params (string Path, string Text)[] files) => CommitAs("Ada", message, files);

    public TestRepository CommitAs(string author, string message, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            var full = System.IO.Path.Combine(Path, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        Git("add", "-A");
        Git("-c", $"user.name={author}", "-c", $"user.email={author.ToLowerInvariant()}@example.com", "commit", "-q", "-m", message);
        return this;
    }

    /// <summary>The unified diff that turns <paramref name="path"/> into <paramref name="content"/>, made by git; the file is restored.</summary>
    public string DiffTo(string path, string content)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, path), content);
        var diff = Git("diff");
        Git("checkout", "--", path);
        return diff;
    }

    /// <summary>Runs git in the repository and answers its output; fails the test when git fails.</summary>
    public string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.ShouldBe(0, $"git {string.Join(' ', args)}: {error}");
        return output;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
