namespace BugSage.Core.Accounts;

/// <summary>Organization roles, most to least privileged.</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Viewer = "viewer";

    public static readonly string[] All = [Owner, Admin, Member, Viewer];
}
