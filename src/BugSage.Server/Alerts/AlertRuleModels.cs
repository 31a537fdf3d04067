using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using BugSage.Core.Alerts;

namespace BugSage.Server.Alerts;

/// <summary>
/// A rule as created (name, trigger and actions required) or changed (only what is given). Checked
/// by the operation, after access: an outsider learns nothing from a validation answer.
/// </summary>
public sealed record AlertRuleInput(
    [MaxLength(200)] string? Name = null,
    bool? Enabled = null,
    [MaxLength(32)] string? Trigger = null,
    int? Threshold = null,
    int? WindowMinutes = null,
    AlertConditions? Conditions = null,
    [MaxLength(20)] List<AlertAction>? Actions = null,
    int? IssueIntervalMinutes = null,
    int? MaxFiringsPerHour = null,
    int? DigestMinutes = null);

public sealed record AlertRuleDto(long Id, long ProjectId, string Name, bool Enabled, string Trigger, int? Threshold, int? WindowMinutes,
    AlertConditions Conditions, IReadOnlyList<AlertAction> Actions, int IssueIntervalMinutes, int MaxFiringsPerHour,
    DateTime? LastFiredAt, string? LastFiredReason, string CreatedBy, DateTime CreatedAt, int DigestMinutes)
{
    public static AlertRuleDto From(AlertRule r) => new(r.Id, r.ProjectId, r.Name, r.Enabled, r.Trigger, r.Threshold, r.WindowMinutes,
        JsonSerializer.Deserialize<AlertConditions>(r.Conditions, JsonSerializerOptions.Web) ?? new AlertConditions(),
        JsonSerializer.Deserialize<List<AlertAction>>(r.Actions, JsonSerializerOptions.Web) ?? [],
        r.IssueIntervalMinutes, r.MaxFiringsPerHour, r.LastFiredAt, r.LastFiredReason, r.CreatedBy, r.CreatedAt, r.DigestMinutes);
}

/// <summary>The project's rules, and why there may be none (email not configured for the defaults).</summary>
public sealed record AlertRuleList(IReadOnlyList<AlertRuleDto> Items, string? NextCursor, string? Notice);
