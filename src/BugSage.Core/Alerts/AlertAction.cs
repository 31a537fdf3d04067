using System.ComponentModel.DataAnnotations;
namespace BugSage.Core.Alerts;

/// <summary>
/// Where a firing goes: a configured integration of the project (webhook, Slack, Teams, Discord,
/// email addresses) or, with <see cref="Members"/>, every member of the project's organization by email.
/// </summary>
public sealed record AlertAction([MaxLength(32)] string Target, long? IntegrationId = null)
{
    public const string Integration = "integration";
    public const string Members = "members";
}
