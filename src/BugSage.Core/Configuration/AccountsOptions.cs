namespace BugSage.Core.Configuration;

/// <summary>Who may open tenants on this server, bound from <c>BugSage:Accounts</c>.</summary>
public sealed class AccountsOptions
{
    public const string Section = "BugSage:Accounts";

    /// <summary>
    /// Whether any signed-in user may create an organization (and own it). Off by default: an
    /// organization is a tenant, and opening tenants is a server admin's decision.
    /// </summary>
    public bool OpenOrganizations { get; set; }
}
