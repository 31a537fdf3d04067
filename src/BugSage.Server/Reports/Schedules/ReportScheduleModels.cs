using System.ComponentModel.DataAnnotations;
using BugSage.Core.Reports;

namespace BugSage.Server.Reports.Schedules;

/// <summary>
/// A report schedule to save or change. On create every field but <paramref name="Enabled"/> is required and the
/// <paramref name="Scope"/> names a project or an organization (as for reports); on change, absent fields stay as they
/// are and the scope cannot move. <paramref name="Cron"/> is a five-field cron expression read in
/// <paramref name="TimeZone"/> (an IANA name); <paramref name="Targets"/> are alert targets (integration ids) of the scope.
/// </summary>
public sealed record ReportScheduleInput(
    [MaxLength(200)] string? Name = null,
    [MaxLength(16)] string? Kind = null,
    ReportScope? Scope = null,
    [MaxLength(16)] string? Format = null,
    [MaxLength(100)] string? Cron = null,
    [MaxLength(64)] string? TimeZone = null,
    [MaxLength(ReportScheduleInput.MaxTargets)] List<long>? Targets = null,
    bool? Enabled = null)
{
    public const int MaxTargets = 20;
}

/// <summary>A schedule, its next firing and what its last firing came to.</summary>
public sealed record ReportScheduleDto(long Id, long OrganizationId, long? ProjectId, string Name, string Kind, string Format, string Cron, string TimeZone,
    IReadOnlyList<long> Targets, bool Enabled, DateTime? NextDueAt, DateTime? LastRunAt, string? LastStatus, string? LastError, long? LastReportId,
    string CreatedBy, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static ReportScheduleDto Of(ReportSchedule s) => new(s.Id, s.OrganizationId, s.ProjectId, s.Name, s.Kind, s.Format, s.Cron, s.TimeZone,
        s.Targets(), s.Enabled, s.NextDueAt, s.LastRunAt, s.LastStatus, s.LastError, s.LastReportId, s.CreatedBy, s.CreatedAt, s.UpdatedAt);
}

/// <summary>One firing of a schedule: the report it wrote and how its delivery went.</summary>
public sealed record ReportScheduleRunDto(long Id, DateTime DueAt, long ReportId, string Status, int Attempts, IReadOnlyList<long> PendingTargets,
    DateTime? NextAttemptAt, string? Error, DateTime CreatedAt, DateTime? FinishedAt)
{
    public static ReportScheduleRunDto Of(ReportScheduleRun r) => new(r.Id, r.DueAt, r.ReportJobId, r.Status, r.Attempts, r.Pending(),
        r.Status == ReportScheduleRunStatus.Pending ? r.NextAttemptAt : null, r.Error, r.CreatedAt, r.FinishedAt);
}
