using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Autofix.Sessions;

/// <summary>
/// Applies an approved candidate as a branch <c>bugsage/fix-{shortId}</c> with one commit that
/// names the issue, made in a temporary worktree of the linked repository at the session's revision.
/// </summary>
public static class FixCommitter
{
    public sealed record Applied(string Branch, string Commit);

    public static async Task<Applied> ApplyAsync(string repository, string revision, string shortId, string summary, string issueUrl, string diff, CancellationToken ct)
    {
        var branch = $"bugsage/fix-{shortId.ToLowerInvariant()}";
        var work = Directory.CreateTempSubdirectory("bugsage-apply-").FullName;
        var tree = Path.Combine(work, "tree");
        try
        {
            var added = await Git.RunAsync(repository, ["worktree", "add", "--quiet", "-b", branch, tree, revision], ct);
            if (added.ExitCode != 0) throw new InvalidOperationException("cannot create the branch: " + added.Error.Trim());
            var patch = Path.Combine(work, "fix.diff");
            await File.WriteAllTextAsync(patch, diff.EndsWith('\n') ? diff : diff + "\n", ct);
            var applied = await Git.RunAsync(tree, ["apply", "--whitespace=nowarn", patch], ct);
            if (applied.ExitCode != 0) throw new InvalidOperationException("the candidate no longer applies: " + applied.Error.Trim());
            await Git.RunAsync(tree, ["add", "-A"], ct);
            var message = $"Fix {shortId}: {summary}\n\nProposed by BugSage and validated against the project's tests.\nIssue: {issueUrl}\n";
            var committed = await Git.RunAsync(tree, ["-c", "user.name=BugSage", "-c", "user.email=bugsage@localhost", "commit", "--quiet", "-m", message], ct);
            if (committed.ExitCode != 0) throw new InvalidOperationException("cannot commit: " + committed.Error.Trim());
            var head = await Git.RunAsync(tree, ["rev-parse", "HEAD"], ct);
            return new Applied(branch, head.Output.Trim());
        }
        finally
        {
            await Git.RunAsync(repository, ["worktree", "remove", "--force", tree], CancellationToken.None);
            await Git.RunAsync(repository, ["worktree", "prune"], CancellationToken.None);
            Directory.Delete(work, recursive: true);
        }
    }
}
