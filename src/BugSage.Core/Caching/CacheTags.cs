namespace BugSage.Core.Caching;

/// <summary>
/// The tags cached answers carry, named after what they were read from: a change to that thing removes every
/// answer tagged with it on this node at once (<see cref="MeteredCache.ForgetTagAsync"/>).
/// </summary>
public static class CacheTags
{
    /// <summary>Every DSN key lookup (a key is forgotten one by one, by its public key, when it changes).</summary>
    public const string DsnKeys = "dsn-keys";

    /// <summary>Every API token lookup (a token is forgotten one by one, by its hash, when it is revoked).</summary>
    public const string ApiTokens = "api-tokens";

    /// <summary>Every organization's stats: any live event may change any of them.</summary>
    public const string AllOrgStats = "org-stats";

    public static string OrgStats(long organizationId) => $"org-stats:{organizationId}";

    /// <summary>Every project's issue lists, for a change that sweeps across projects (issues aging from new to ongoing).</summary>
    public const string AllIssueLists = "issues";

    /// <summary>What was read of one project's issues (the first page of its issue list).</summary>
    public static string Issues(long projectId) => $"issues:{projectId}";

    /// <summary>A project's settings.</summary>
    public static string Project(long projectId) => $"project:{projectId}";
}
