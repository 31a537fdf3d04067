using System.ComponentModel.DataAnnotations;
using BugSage.Core.Alerts;

namespace BugSage.Server.Alerts;

/// <summary>
/// An integration as created or changed. <c>url</c> and <c>secret</c> are written, never read back;
/// an empty <c>secret</c> on a generic webhook asks for a new one. <c>paused: false</c> resumes a paused target.
/// </summary>
public sealed record IntegrationInput(
    [MaxLength(16)] string? Kind = null,
    [MaxLength(200)] string? Name = null,
    [MaxLength(2000)] string? Url = null,
    [MaxLength(200)] string? Secret = null,
    List<string>? Recipients = null,
    bool? Paused = null,
    [MaxLength(300)] string? BotToken = null,
    [MaxLength(100)] string? Channel = null,
    [MaxLength(200)] string? SigningSecret = null);

/// <param name="UrlHost">Only the host: a chat webhook's URL is its credential.</param>
/// <param name="Secret">The generic webhook's signing secret, present only in the answer that set it.</param>
public sealed record IntegrationDto(long Id, long ProjectId, string Kind, string Name, string? UrlHost, bool HasSecret, IReadOnlyList<string> Recipients,
    int ConsecutiveFailures, bool Paused, string? PausedReason, DateTime? PausedAt, DateTime CreatedAt, string? Secret = null, DateTime? PreviousSecretValidUntil = null,
    string? SlackChannel = null, bool Interactive = false)
{
    public static IntegrationDto From(AlertIntegration i, string? shownSecret = null) => new(i.Id, i.ProjectId, i.Kind, i.Name, i.UrlHost, i.SecretProtected is not null,
        (i.Recipients ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), i.ConsecutiveFailures, i.Paused, i.PausedReason, i.PausedAt, i.CreatedAt, shownSecret,
        i.PreviousSecretProtected is null ? null : i.PreviousSecretExpiresAt, i.SlackChannel, i.IsSlackBot && i.SlackSigningSecretProtected is not null);
}
