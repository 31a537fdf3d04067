using BugSage.Core.Reports;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Reports.Schedules;

namespace BugSage.Server.Reports;

/// <summary>REST adapter for <see cref="ReportOperations"/>: ask for a report, follow it, download it, list them.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/reports").WithTags("Reports");
        group.MapPost("/", Create).WithName("CreateReport")
            .WithSummary("Write a weekly, monthly or custom report of a project or an organization as html, csv, xlsx or pdf; answers the job to follow")
            .Produces<ReportDto>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        group.MapGet("/", List).WithName("ListReports").WithSummary("The organization's reports the caller may read, newest first (?organizationId=)");
        group.MapGet("/{reportId:long}", Get).WithName("GetReport").WithSummary("A report's status (queued, running, done, failed), error and download URL");
        group.MapGet("/{reportId:long}/download", Download).WithName("DownloadReport").WithSummary("The written report, with its content type and file name")
            .Produces<Stream>(StatusCodes.Status200OK, ReportFormats.ContentType(ReportFormats.Html), ReportFormats.ContentType(ReportFormats.Csv), ReportFormats.ContentType(ReportFormats.Xlsx), ReportFormats.ContentType(ReportFormats.Pdf)).ProducesProblem(StatusCodes.Status409Conflict);
        return app.MapReportSchedulesApi();
    }

    private static async Task<IResult> Create(ReportRequest request, AccessScope actor, ReportOperations reports, CancellationToken ct) =>
        (await reports.CreateAsync(actor, request, ct)).ToAccepted(r => $"/api/v1/reports/{r.Id}");

    private static async Task<OperationAnswer<List<ReportDto>>> List(long? organizationId, AccessScope actor, ReportOperations reports, CancellationToken ct) =>
        (await reports.ListAsync(actor, organizationId, ct)).ToHttp();

    private static async Task<OperationAnswer<ReportDto>> Get(long reportId, AccessScope actor, ReportOperations reports, CancellationToken ct) =>
        (await reports.GetAsync(actor, reportId, ct)).ToHttp();

    private static async Task<IResult> Download(long reportId, AccessScope actor, ReportOperations reports, CancellationToken ct)
    {
        var file = await reports.DownloadAsync(actor, reportId, ct);
        return file.Succeeded ? TypedResults.File(file.Value!.Content, file.Value.ContentType, file.Value.FileName) : file.ToHttp();
    }
}
