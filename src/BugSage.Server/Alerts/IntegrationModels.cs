using System.ComponentModel.DataAnnotations;
using BugSage.Core.Alerts;
using BugSage.Core.Validation;

namespace BugSage.Server.Alerts;

/// <summary>
/// An integration as created or changed. <c>url</c>, <c>secret</c> and <c>token</c> are written, never read back;
/// an empty <c>secret</c> on a generic webhook or an issue tracker asks for a new one. <c>paused: false</c> resumes a paused target.
/// The fields from <c>baseUrl</c> on are the issue trackers' (github, jira); see docs/alerts.md.
/// </summary>
public sealed record IntegrationInput(
    [MaxLength(16)] string? Kind = null,
    [MaxLength(200)] string? Name = null,
    [MaxLength(2000)] string? Url = null,
    [MaxLength(200)] string? Secret = null,
    [MaxLength(50), EachMaxLength(320)] List<string>? Recipients = null,
    bool? Paused = null,
    [MaxLength(300)] string? BotToken = null,
    [MaxLength(100)] string? Channel = null,
    [MaxLength(200)] string? SigningSecret = null,
    [MaxLength(500)] string? BaseUrl = null,
    [MaxLength(200)] string? Repository = null,
    [MaxLength(2000)] string? Token = null,
    [MaxLength(320)] string? Email = null,
    [MaxLength(16)] string? Flavor = null,
    [MaxLength(50)] string? ProjectKey = null,
    [MaxLength(100)] string? IssueType = null,
    [MaxLength(10), EachMaxLength(100)] Dictionary<string, string>? Priorities = null,
    [MaxLength(100)] string? DoneTransition = null,
    [MaxLength(100)] string? ReopenTransition = null,
    bool? CloseOnResolve = null);

/// <param name="UrlHost">Only the host: a chat webhook's URL is its credential.</param>
/// <param name="Secret">The generic webhook's signing secret, or a tracker's webhook secret, present only in the answer that set it.</param>
/// <param name="Tracker">An issue tracker's settings (nothing secret); null for alert targets.</param>
public sealed record IntegrationDto(long Id, long ProjectId, string Kind, string Name, string? UrlHost, bool HasSecret, IReadOnlyList<string> Recipients,
    int ConsecutiveFailures, bool Paused, string? PausedReason, DateTime? PausedAt, DateTime CreatedAt, string? Secret = null, DateTime? PreviousSecretValidUntil = null,
    string? SlackChannel = null, bool Interactive = false, bool HasToken = false, Core.IssueTrackers.TrackerSettings? Tracker = null)
{
    public static IntegrationDto From(AlertIntegration i, string? shownSecret = null) => new(i.Id, i.ProjectId, i.Kind, i.Name, i.UrlHost, i.SecretProtected is not null,
        (i.Recipients ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), i.ConsecutiveFailures, i.Paused, i.PausedReason, i.PausedAt, i.CreatedAt, shownSecret,
        i.PreviousSecretProtected is null ? null : i.PreviousSecretExpiresAt, i.SlackChannel, i.IsSlackBot && i.SlackSigningSecretProtected is not null,
        i.TokenProtected is not null, IntegrationKinds.IsTracker(i.Kind) ? Core.IssueTrackers.TrackerSettings.Of(i) : null);
}
