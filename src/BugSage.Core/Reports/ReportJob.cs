namespace BugSage.Core.Reports;

/// <summary>
/// One report asked for: its scope (a project, or the projects of an organization the asker could
/// read when asking), the period it covers, the format, and once written the file itself. A queue
/// row: one node writes it under a lease (see <see cref="Processing.QueuedWorker{TWork}"/>).
/// </summary>
public sealed class ReportJob : Processing.ILeasedWork
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>The project reported on; null for an organization's report.</summary>
    public long? ProjectId { get; set; }

    /// <summary>The projects an organization's report covers, comma separated: fixed when asked, so the report shows what its asker could see.</summary>
    public required string ProjectIds { get; set; }

    /// <summary>See <see cref="ReportKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>See <see cref="ReportFormats"/>.</summary>
    public required string Format { get; set; }

    /// <summary>The period covered, UTC, end exclusive; the previous period of the same length is compared with it.</summary>
    public DateTime PeriodFrom { get; set; }
    public DateTime PeriodTo { get; set; }

    /// <summary>See <see cref="Processing.LeasedWorkStatus"/> and <see cref="ReportStatus"/>.</summary>
    public string Status { get; set; } = Processing.LeasedWorkStatus.Queued;
    public string? Error { get; set; }

    public string? FileName { get; set; }
    public string? ContentType { get; set; }

    /// <summary>The written report; kept in the database like event attachments, so every node can answer a download.</summary>
    public byte[]? Content { get; set; }
    public long Size { get; set; }

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>The projects the report reads.</summary>
    public IReadOnlyList<long> Projects() =>
        ProjectIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
}

/// <summary>A report's finished state, beside the queue's own.</summary>
public static class ReportStatus
{
    public const string Queued = Processing.LeasedWorkStatus.Queued;
    public const string Running = Processing.LeasedWorkStatus.Running;
    public const string Done = "done";
    public const string Failed = Processing.LeasedWorkStatus.Failed;
}

/// <summary>What period a report covers: the last full week (Monday to Monday, UTC), the last full calendar month, or one given.</summary>
public static class ReportKinds
{
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";
    public const string Custom = "custom";
    public static readonly string[] All = [Weekly, Monthly, Custom];
}

/// <summary>The files a report is written as, with their content types and extensions.</summary>
public static class ReportFormats
{
    public const string Html = "html";
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";
    public const string Pdf = "pdf";
    public static readonly string[] All = [Html, Csv, Xlsx, Pdf];

    public static string ContentType(string format) => format switch
    {
        Html => "text/html; charset=utf-8",
        Csv => "text/csv; charset=utf-8",
        Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/pdf",
    };
}
