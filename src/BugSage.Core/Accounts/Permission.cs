namespace BugSage.Core.Accounts;

/// <summary>What a caller may do inside an organization.</summary>
[Flags]
public enum Permission
{
    None = 0,

    /// <summary>See projects, keys, issues and events.</summary>
    ProjectRead = 1,

    /// <summary>Triage: change issue status, assignment, comments.</summary>
    IssueWrite = 2,

    /// <summary>Create projects and manage their DSN keys.</summary>
    ProjectWrite = 4,

    /// <summary>Members, invitations, the audit log, organization settings.</summary>
    OrgAdmin = 8,

    /// <summary>Grant or take away ownership.</summary>
    OrgOwner = 16,

    /// <summary>Releases, deploys and the source maps and bundles uploaded for them (what <c>sentry-cli</c> does from CI).</summary>
    ReleaseWrite = 32,

    /// <summary>Report a coding agent's progress on an issue's task (claimed, working, a patch proposed, done, gave up).</summary>
    TaskWrite = 64,
}

/// <summary>The permission matrix: what each role grants, and what each API token scope allows.</summary>
public static class RolePermissions
{
    public static Permission For(string role) => role switch
    {
        Roles.Owner => Permission.ProjectRead | Permission.IssueWrite | Permission.ProjectWrite | Permission.ReleaseWrite | Permission.TaskWrite | Permission.OrgAdmin | Permission.OrgOwner,
        Roles.Admin => Permission.ProjectRead | Permission.IssueWrite | Permission.ProjectWrite | Permission.ReleaseWrite | Permission.TaskWrite | Permission.OrgAdmin,
        Roles.Member => Permission.ProjectRead | Permission.IssueWrite | Permission.ReleaseWrite | Permission.TaskWrite,
        Roles.Viewer => Permission.ProjectRead,
        _ => Permission.None,
    };

    public static readonly IReadOnlyDictionary<string, Permission> Scopes = new Dictionary<string, Permission>
    {
        ["project:read"] = Permission.ProjectRead,
        ["project:write"] = Permission.ProjectRead | Permission.ProjectWrite | Permission.ReleaseWrite,
        // What a CI pipeline's token needs for sentry-cli: releases, deploys, source maps; nothing else.
        ["project:releases"] = Permission.ProjectRead | Permission.ReleaseWrite,
        ["issue:write"] = Permission.ProjectRead | Permission.IssueWrite,
        // What an orchestrator of coding agents needs: read an issue's task document and report on it; no triage, nothing else.
        ["tasks:write"] = Permission.ProjectRead | Permission.TaskWrite,
        ["org:admin"] = Permission.ProjectRead | Permission.OrgAdmin | Permission.OrgOwner,
    };

    /// <summary>What a set of scopes allows; a signed-in session (no scopes) is limited by its role alone.</summary>
    public static Permission ForScopes(IEnumerable<string>? scopes) =>
        scopes is null
            ? (Permission)~0
            : scopes.Aggregate(Permission.None, (p, s) => p | Scopes.GetValueOrDefault(s));
}
