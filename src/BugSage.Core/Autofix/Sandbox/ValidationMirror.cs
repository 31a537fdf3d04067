using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// A bare mirror of the linked repository that BugSage owns for one validation run, and the
/// worktrees made from it. Nothing is written to the linked repository: no worktree is registered
/// there, and what a command leaves in a worktree's git directory stays in the mirror, which is
/// deleted with the run. Git never runs hooks here (<see cref="Git"/> points them at an empty directory).
/// </summary>
public sealed class ValidationMirror
{
    private ValidationMirror(string path) => Path = path;

    public string Path { get; }

    public static async Task<ValidationMirror> CreateAsync(string repository, string work, CancellationToken ct)
    {
        var path = System.IO.Path.Combine(work, "mirror.git");
        // --mirror keeps every ref (remote-tracking branches and tags too): the session's revision may be any of them.
        var cloned = await Git.RunAsync(work, ["clone", "--mirror", "--quiet", "--", System.IO.Path.GetFullPath(repository), path], ct, TimeSpan.FromMinutes(5));
        if (cloned.ExitCode != 0) throw new InvalidOperationException("git clone --mirror failed: " + cloned.Error.Trim());
        return new ValidationMirror(path);
    }

    public async Task<string> WorktreeAsync(string revision, string path, CancellationToken ct)
    {
        var added = await Git.RunAsync(Path, ["worktree", "add", "--detach", "--quiet", path, revision], ct);
        if (added.ExitCode != 0) throw new InvalidOperationException("git worktree add failed: " + added.Error.Trim());
        return path;
    }
}
