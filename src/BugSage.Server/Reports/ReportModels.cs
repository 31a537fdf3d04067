using System.ComponentModel.DataAnnotations;
using BugSage.Core.Reports;

namespace BugSage.Server.Reports;

/// <summary>What a report is about: a project, or every project of an organization the asker may read (exactly one of the two).</summary>
public sealed record ReportScope(long? ProjectId = null, long? OrganizationId = null);

/// <summary>
/// A report to write: <c>weekly</c> (the last full week, Monday to Monday UTC), <c>monthly</c> (the last
/// full calendar month) or <c>custom</c> (<paramref name="From"/> to <paramref name="To"/>, at most 400 days),
/// as <c>html</c>, <c>csv</c>, <c>xlsx</c> or <c>pdf</c>.
/// </summary>
public sealed record ReportRequest(
    [MaxLength(16)] string? Kind = null,
    ReportScope? Scope = null,
    DateTime? From = null,
    DateTime? To = null,
    [MaxLength(16)] string? Format = null);

/// <summary>A report and where it stands; <paramref name="DownloadUrl"/> once it is done.</summary>
public sealed record ReportDto(long Id, long OrganizationId, long? ProjectId, string Kind, string Format, DateTime From, DateTime To,
    string Status, string? Error, string? FileName, long Size, string? DownloadUrl, string CreatedBy, DateTime CreatedAt, DateTime? FinishedAt)
{
    public static ReportDto Of(ReportJob j) => new(j.Id, j.OrganizationId, j.ProjectId, j.Kind, j.Format, j.PeriodFrom, j.PeriodTo, j.Status, j.Error,
        j.FileName, j.Size, j.Status == ReportStatus.Done ? $"/api/v1/reports/{j.Id}/download" : null, j.CreatedBy, j.CreatedAt, j.FinishedAt);
}

/// <summary>A written report's file.</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>Where PDF reports find their fonts (<c>BugSage:Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "BugSage:Reports";

    /// <summary>A folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (Debian's fonts-dejavu-core puts them here).</summary>
    public string FontDirectory { get; set; } = "/usr/share/fonts/truetype/dejavu";
}
