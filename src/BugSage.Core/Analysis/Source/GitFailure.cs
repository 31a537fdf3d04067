namespace BugSage.Core.Analysis.Source;

/// <summary>
/// A failed git command that talked to a remote, as a short fixed reason. git's stderr carries what
/// the remote answered (an internal page, a banner, a reflected header), so it is only ever read
/// here to pick a reason, and kept in the server log; it never reaches an API answer.
/// </summary>
public static class GitFailure
{
    private static readonly (string[] Signs, string Reason)[] Reasons =
    [
        (["Authentication failed", "could not read Username", "could not read Password", "Permission denied", "returned error: 401", "returned error: 403", "Host key verification failed"],
            "authentication failed: check the access token or the host's key"),
        (["Repository not found", "not found", "does not appear to be a git repository", "returned error: 404"], "the remote repository was not found"),
        (["[rejected]", "[remote rejected]", "non-fast-forward", "hook declined", "protected branch"], "the remote rejected the push"),
        (["Could not resolve", "Failed to connect", "Connection refused", "Connection timed out", "timed out", "unable to connect", "Network is unreachable", "Couldn't connect"],
            "the remote could not be reached"),
        (["not allowed"], "the remote's transport is not allowed"),
    ];

    public static string Describe(Git.Result result)
    {
        foreach (var (signs, reason) in Reasons)
            if (signs.Any(sign => result.Error.Contains(sign, StringComparison.OrdinalIgnoreCase))) return reason;
        return $"git exited with {result.ExitCode}";
    }
}
