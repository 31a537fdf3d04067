namespace BugSage.Core.Alerts;

/// <summary>
/// A delivery target of a project. The URL (a Slack, Teams or Discord webhook URL is itself a
/// credential) and the signing secret are kept encrypted and never shown again.
/// </summary>
public sealed class AlertIntegration
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>One of <see cref="IntegrationKinds"/>.</summary>
    public required string Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>The target URL, encrypted (webhook kinds).</summary>
    public string? UrlProtected { get; set; }

    /// <summary>The host of the URL, shown so that people can tell targets apart.</summary>
    public string? UrlHost { get; set; }

    /// <summary>
    /// Encrypted: the Standard Webhooks signing secret (<c>whsec_…</c>) of a generic webhook, or the
    /// secret an issue tracker signs its own webhooks with (GitHub, Jira).
    /// </summary>
    public string? SecretProtected { get; set; }

    /// <summary>
    /// The secret before the last rotation, encrypted: deliveries are signed with both until
    /// <see cref="PreviousSecretExpiresAt"/>, so a receiver can switch to the new one without losing any.
    /// </summary>
    public string? PreviousSecretProtected { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }

    /// <summary>
    /// Slack in bot mode: messages go to this channel through <c>chat.postMessage</c> with the app's
    /// bot token (<see cref="TokenProtected"/>) and carry buttons to resolve, ignore and assign,
    /// which Slack posts back signed with <see cref="SlackSigningSecretProtected"/>.
    /// </summary>
    public string? SlackChannel { get; set; }
    public string? SlackSigningSecretProtected { get; set; }

    /// <summary>Whether this is a Slack app (bot token and channel) rather than an incoming webhook.</summary>
    public bool IsSlackBot => Kind == IntegrationKinds.Slack && TokenProtected is not null;
    /// <summary>An API token, encrypted: an issue tracker's (GitHub, Jira) or a Slack app's bot token.</summary>
    public string? TokenProtected { get; set; }

    /// <summary>An issue tracker's settings as JSON (<see cref="IssueTrackers.TrackerSettings"/>); nothing secret.</summary>
    public string? TrackerSettings { get; set; }

    /// <summary>Comma-separated addresses (email).</summary>
    public string? Recipients { get; set; }

    /// <summary>Failed attempts in a row; reset by a success.</summary>
    public int ConsecutiveFailures { get; set; }
    public bool Paused { get; set; }
    public string? PausedReason { get; set; }
    public DateTime? PausedAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class IntegrationKinds
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string Teams = "teams";
    public const string Discord = "discord";
    public const string Email = "email";
    public const string GitHub = "github";
    public const string Jira = "jira";

    public static readonly string[] All = [Webhook, Slack, Teams, Discord, Email, GitHub, Jira];

    public static bool UsesUrl(string kind) => kind is Webhook or Slack or Teams or Discord;

    /// <summary>Issue trackers: BugSage issues link to their issues; they are not alert targets.</summary>
    public static bool IsTracker(string kind) => kind is GitHub or Jira;
}
