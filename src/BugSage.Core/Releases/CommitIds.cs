using System.Text.RegularExpressions;

namespace BugSage.Core.Releases;

/// <summary>Commit ids as pipelines send them: hexadecimal, abbreviated or whole (SHA-1 or SHA-256).</summary>
public static partial class CommitIds
{
    [GeneratedRegex("^[0-9a-fA-F]{4,64}$")]
    private static partial Regex Hex();

    /// <summary>Whether <paramref name="id"/> is a commit id; only such ids reach git's arguments.</summary>
    public static bool IsValid(string? id) => id is not null && Hex().IsMatch(id);
}
