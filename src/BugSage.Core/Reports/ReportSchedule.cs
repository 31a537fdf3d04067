namespace BugSage.Core.Reports;

/// <summary>
/// A report written on a cadence (<see cref="ReportCadence"/>) and sent to alert targets: a weekly or monthly report of
/// a project, or of the projects of an organization its maker could read when saving it. <see cref="NextDueAt"/> is the
/// firing the worker waits for; each firing is one <see cref="ReportScheduleRun"/>, unique per (schedule, due time).
/// </summary>
public sealed class ReportSchedule
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>The project reported on; null for an organization's report.</summary>
    public long? ProjectId { get; set; }

    /// <summary>The projects an organization's report covers, comma separated, fixed when the schedule is saved (as for <see cref="ReportJob.ProjectIds"/>).</summary>
    public required string ProjectIds { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="ReportKinds.Weekly"/> or <see cref="ReportKinds.Monthly"/>: the last full week or month before each firing.</summary>
    public required string Kind { get; set; }

    /// <summary>See <see cref="ReportFormats"/>.</summary>
    public required string Format { get; set; }

    /// <summary>A five-field cron expression, read in <see cref="TimeZone"/>.</summary>
    public required string Cron { get; set; }

    /// <summary>An IANA time zone name.</summary>
    public required string TimeZone { get; set; }

    /// <summary>The alert targets (<see cref="Alerts.AlertIntegration"/> ids) each report goes to, comma separated.</summary>
    public required string IntegrationIds { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The next firing, UTC; null while disabled.</summary>
    public DateTime? NextDueAt { get; set; }

    /// <summary>What the last firing came to, shown on the schedule: <see cref="ReportScheduleRunStatus"/>, its error, its report.</summary>
    public DateTime? LastRunAt { get; set; }
    public string? LastStatus { get; set; }
    public string? LastError { get; set; }
    public long? LastReportId { get; set; }

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<long> Targets() => Ids(IntegrationIds);

    public IReadOnlyList<long> Projects() => Ids(ProjectIds);

    internal static IReadOnlyList<long> Ids(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
}
