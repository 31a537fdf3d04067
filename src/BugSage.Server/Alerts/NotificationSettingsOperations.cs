using BugSage.Core.Alerts;
using BugSage.Core.Alerts.Personal;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;
using BugSage.Core.Validation;

namespace BugSage.Server.Alerts;

/// <summary>What a person is mailed as a member: read and saved by that person only (the settings are always the caller's own).</summary>
public sealed record NotificationSettingsDto(bool Email, IReadOnlyList<long> MutedProjectIds, IReadOnlyList<string> MutedTriggers, bool WeeklySummary, DateTime? UpdatedAt)
{
    public static NotificationSettingsDto From(NotificationSettings? s) => s is null
        ? new(true, [], [], true, null)
        : new(s.Email, [.. s.MutedProjectIds().Order()], [.. s.MutedTriggerNames().Order(StringComparer.Ordinal)], s.WeeklySummary, s.UpdatedAt);
}

/// <summary>The settings as saved: what is not given keeps its value.</summary>
public sealed record NotificationSettingsInput(
    bool? Email = null, [MaxLength(1000)] List<long>? MutedProjectIds = null, [MaxLength(20), EachMaxLength(64)] List<string>? MutedTriggers = null, bool? WeeklySummary = null);

/// <summary>
/// Personal notification settings (docs/alerts.md): whether rules that mail the members reach this
/// person, for which projects and kinds, and the weekly summary. Projects are only those the person can read.
/// </summary>
public sealed class NotificationSettingsOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, TimeProvider clock)
{
    public const int MaxMutedProjects = 500;

    public async Task<OperationResult<NotificationSettingsDto>> GetAsync(AccessScope actor, CancellationToken ct) =>
        Operation.Ok(NotificationSettingsDto.From(await db.NotificationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == actor.UserId, ct)));

    public async Task<OperationResult<NotificationSettingsDto>> SaveAsync(AccessScope actor, NotificationSettingsInput input, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<NotificationSettingsDto>(problems);
        var settings = await db.NotificationSettings.FirstOrDefaultAsync(s => s.UserId == actor.UserId, ct);
        if (settings is null) db.NotificationSettings.Add(settings = new NotificationSettings { UserId = actor.UserId });
        if (input.MutedProjectIds is { } projects)
        {
            var ids = projects.Distinct().ToList();
            if (ids.Count > MaxMutedProjects) return Operation.Invalid<NotificationSettingsDto>("mutedProjectIds", $"at most {MaxMutedProjects} projects");
            // Another tenant's project id reads as one that does not exist: nothing is learnt from the answer.
            var readable = await (await access.ReadableProjectsAsync(actor, ct)).Where(p => ids.Contains(p.Id)).CountAsync(ct);
            if (readable != ids.Count) return Operation.Invalid<NotificationSettingsDto>("mutedProjectIds", "only projects you can read");
            settings.MutedProjects = string.Join(',', ids.Order());
        }
        if (input.MutedTriggers is { } triggers)
        {
            if (triggers.Any(t => !AlertTriggers.All.Contains(t)))
                return Operation.Invalid<NotificationSettingsDto>("mutedTriggers", "each one of " + string.Join(", ", AlertTriggers.All));
            settings.MutedTriggers = string.Join(',', triggers.Distinct().Order(StringComparer.Ordinal));
        }
        if (input.Email is { } email) settings.Email = email;
        if (input.WeeklySummary is { } summary) settings.WeeklySummary = summary;
        settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Operation.Ok(NotificationSettingsDto.From(settings));
    }
}
