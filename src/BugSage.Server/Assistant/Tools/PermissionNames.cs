using BugSage.Core.Accounts;

namespace BugSage.Server.Assistant.Tools;

/// <summary>A permission as callers name it: the API token scope that grants it.</summary>
public static class PermissionNames
{
    public static string Of(Permission permission) => permission switch
    {
        Permission.IssueWrite => "issue:write",
        Permission.ProjectWrite => "project:write",
        Permission.OrgAdmin => "org:admin",
        Permission.TaskWrite => "tasks:write",
        _ => "project:read",
    };
}
