using System.Text;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Agent;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Restore;
using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Autofix.Sessions;

/// <summary>
/// A session's repository for the model's tools: files and searches at the analysed revision (git reads the
/// objects; nothing of the repository runs on the server), and candidates tried in the sandbox as validation
/// will try them, under the same patch guard.
/// </summary>
internal sealed class SessionWorkspace(string root, string revision, ProjectCommands commands, SandboxLimits limits, Func<CancellationToken, Task<PackageRestore?>> restore,
    PatchScope scope, ReproductionRecord? record, ReproductionTest? standing) : IFixWorkspace
{
    /// <summary>Larger files are not read into a prompt.</summary>
    private const int MaxFileChars = 1024 * 1024;
    private const int MaxSearchChars = 256 * 1024;
    private const int MaxLineChars = 200;

    private readonly PatchScope guarded = scope with { Commands = [.. scope.Commands, .. new[] { commands.Restore, commands.Build, commands.Test }.OfType<string>()] };

    public bool Reproduced => standing is not null;

    public async Task<string?> ReadAsync(string path, CancellationToken ct)
    {
        if (!UnifiedDiff.IsRepositoryPath(path)) return null;
        try
        {
            var shown = await Git.RunAsync(root, ["show", $"{revision}:{path}"], ct, maxOutputChars: MaxFileChars);
            return shown.ExitCode == 0 ? shown.Output : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string>> SearchAsync(string text, int max, CancellationToken ct)
    {
        Git.Result found;
        try
        {
            // Fixed strings, binary files skipped, a few lines per file: a search is a lookup, never a pattern the server evaluates.
            found = await Git.RunAsync(root, ["grep", "-n", "-I", "-F", "--max-count=10", "-e", text, revision, "--"], ct, maxOutputChars: MaxSearchChars);
        }
        catch (InvalidOperationException)
        {
            return ["(too many lines match; search for something narrower)"];
        }
        if (found.ExitCode != 0) return [];
        var prefix = revision + ":";
        return [.. found.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(max)
            .Select(l => l.StartsWith(prefix, StringComparison.Ordinal) ? l[prefix.Length..] : l)
            .Select(l => l.Length <= MaxLineChars ? l : l[..MaxLineChars] + "…")];
    }

    public string DescribeReproduction()
    {
        if (standing is null || record is null) return "none stands (" + (record?.Reason ?? "none was built") + ").";
        var text = new StringBuilder()
            .AppendLine($"a test reproduces the crash: {standing.Expected.ExceptionType} in {standing.Expected.Function} ({standing.Expected.Path}), by {standing.Drives}.")
            .AppendLine($"It is {standing.Path} (BugSage writes it into the tree after the repository's own commands; it is not a file of the repository), run as: {standing.Command}")
            .AppendLine(standing.Code);
        if (record.Output is { } output) text.AppendLine("On the unpatched revision it failed:").AppendLine(output.Tail(3_000));
        return text.ToString();
    }

    public async Task<IReadOnlyList<string>> ReviewAsync(string diff, CancellationToken ct)
    {
        var problems = PatchGuard.Review(diff, guarded).Problems.ToList();
        foreach (var path in PatchGuard.ChangedFiles(diff).Where(UnifiedDiff.IsRepositoryPath).Distinct().Take(ValidationSandbox.MaxChangedFiles))
        {
            // git reads a link's target as its text; the sandbox's git refuses to patch it as a file ("wrong type"): say so before a run is spent.
            var listed = await Git.RunAsync(root, ["ls-tree", revision, "--", path], ct);
            var kind = listed.ExitCode != 0 ? null : listed.Output.Split(' ', 2)[0] switch { "120000" => "symbolic link", "160000" => "submodule", _ => null };
            if (kind is not null) problems.Add($"{path}: a {kind} in the repository, not a file a fix edits");
        }
        return problems;
    }

    public async Task<CandidateResult> TryAsync(string diff, CancellationToken ct) =>
        await ValidationSandbox.TryAsync(root, revision, commands.Build, commands.Test, diff, limits, await restore(ct), scope, standing, ct);
}
