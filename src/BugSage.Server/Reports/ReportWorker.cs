using BugSage.Core;
using BugSage.Core.Data;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using BugSage.Core.Reports;
using BugSage.Server.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Reports;

/// <summary>
/// Writes queued reports, one node per report under a lease (see <see cref="QueuedWorker{TWork}"/>): reads
/// the analytics of the period and of the one before it, lays them out as <see cref="ReportSections"/> and
/// writes the file in the format asked for. A report that cannot be written (no fonts for a PDF) fails alone, with why.
/// </summary>
public sealed class ReportWorker(WorkerServices services, ILogger<ReportWorker> logger, IOptions<ReportOptions> options)
    : QueuedWorker<ReportJob>(services, logger, "reports")
{
    protected override DbSet<ReportJob> Queue(AppDbContext db) => db.ReportJobs;

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var job = await db.ReportJobs.FirstAsync(j => j.Id == id, ct);
        var report = await ComposeAsync(db, scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>(), job, ct);
        var content = job.Format switch
        {
            ReportFormats.Html => HtmlReportWriter.Write(report, options.Value.FontDirectory),
            ReportFormats.Csv => CsvReportWriter.Write(report),
            ReportFormats.Xlsx => XlsxReportWriter.Write(report),
            ReportFormats.Pdf => PdfReportWriter.Write(report, options.Value.FontDirectory),
            _ => throw new InvalidOperationException($"Unknown report format '{job.Format}'."),
        };
        job.Content = content;
        job.Size = content.Length;
        job.ContentType = ReportFormats.ContentType(job.Format);
        job.FileName = $"bugsage-{job.Kind}-report-{Slugs.From(report.Scope, 60)}-{job.PeriodFrom:yyyy-MM-dd}.{job.Format}";
        job.Status = ReportStatus.Done;
        job.FinishedAt = Clock.GetUtcNow().UtcDateTime;
        job.LeaseOwner = null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The report's sections, from the analytics reader over the period and the period of the same length before it.</summary>
    private static async Task<ReportDocument> ComposeAsync(AppDbContext db, IDbContextFactory<AppDbContext> contexts, ReportJob job, CancellationToken ct)
    {
        var projects = job.Projects();
        var scope = job.ProjectId is { } projectId
            ? "Project " + await db.Projects.Where(p => p.Id == projectId).Select(p => p.Name).FirstAsync(ct)
            : "Organization " + await db.Organizations.Where(o => o.Id == job.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var length = job.PeriodTo - job.PeriodFrom;
        var now = await new AnalyticsReader(contexts, projects, [job.OrganizationId], new AnalyticsRange(job.PeriodFrom, job.PeriodTo, "day", null, null)).ReadAsync(ct);
        var before = await new AnalyticsReader(contexts, projects, [job.OrganizationId], new AnalyticsRange(job.PeriodFrom - length, job.PeriodFrom, "day", null, null)).ReadAsync(ct);
        var title = $"BugSage {job.Kind} report";
        return ReportSections.Of(title, scope, now, before);
    }
}
