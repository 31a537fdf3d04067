using BugSage.Core.Autofix.Sandbox;

namespace BugSage.Core.Autofix.Candidates.Agent;

/// <summary>
/// What the fix step's tools reach: the repository at the analysed revision (read-only), the reproduction, and
/// the sandbox that builds and tests a candidate exactly as validation will.
/// </summary>
public interface IFixWorkspace
{
    /// <summary>A file's text at the revision; null when the revision has no such file (or it is not a plain path).</summary>
    Task<string?> ReadAsync(string path, CancellationToken ct);

    /// <summary>The revision's lines that contain <paramref name="text"/> as <c>path:line: text</c>, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<string>> SearchAsync(string text, int max, CancellationToken ct);

    /// <summary>The reproduction: its test, and how it failed on the revision; or why none stands.</summary>
    string DescribeReproduction();

    /// <summary>Whether a reproduction stands (a candidate's run then says whether it passes).</summary>
    bool Reproduced { get; }

    /// <summary>Why validation will refuse the diff before it runs (the patch guard; a link or submodule edited as a file); empty when it will run it.</summary>
    Task<IReadOnlyList<string>> ReviewAsync(string diff, CancellationToken ct);

    /// <summary>The candidate applied, built, tested and (with a reproduction) reproduced in the sandbox.</summary>
    Task<CandidateResult> TryAsync(string diff, CancellationToken ct);
}
