namespace BugSage.Core.Accounts;

/// <summary>Rules every new password meets.</summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 10;
}
