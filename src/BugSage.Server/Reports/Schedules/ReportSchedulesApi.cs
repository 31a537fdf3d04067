using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Reports.Schedules;

/// <summary>REST adapter for <see cref="ReportScheduleOperations"/>.</summary>
public static class ReportSchedulesApi
{
    public static IEndpointRouteBuilder MapReportSchedulesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/report-schedules").WithTags("Reports");
        group.MapGet("/", List).WithName("ListReportSchedules").WithSummary("The organization's report schedules the caller may read (?organizationId=, ?projectId=)");
        group.MapPost("/", Create).WithName("CreateReportSchedule")
            .WithSummary("Schedule a weekly or monthly report: a cron expression in an IANA time zone, the format and the alert targets it goes to");
        group.MapGet("/{scheduleId:long}", Get).WithName("GetReportSchedule").WithSummary("A schedule, its next firing and what its last firing came to");
        group.MapPatch("/{scheduleId:long}", Update).WithName("UpdateReportSchedule").WithSummary("Change what is given of a schedule; its next firing counts from now");
        group.MapDelete("/{scheduleId:long}", Delete).WithName("DeleteReportSchedule").WithSummary("Remove a schedule and its runs; the reports it wrote stay");
        group.MapGet("/{scheduleId:long}/runs", Runs).WithName("ListReportScheduleRuns").WithSummary("The schedule's latest firings: the report each wrote and how its delivery went");
        return app;
    }

    private static async Task<OperationAnswer<List<ReportScheduleDto>>> List(long? organizationId, long? projectId, AccessScope actor, ReportScheduleOperations schedules, CancellationToken ct) =>
        (await schedules.ListAsync(actor, organizationId, projectId, ct)).ToHttp();

    private static async Task<OperationAnswer<ReportScheduleDto>> Get(long scheduleId, AccessScope actor, ReportScheduleOperations schedules, CancellationToken ct) =>
        (await schedules.GetAsync(actor, scheduleId, ct)).ToHttp();

    private static async Task<OperationAnswer<List<ReportScheduleRunDto>>> Runs(long scheduleId, AccessScope actor, ReportScheduleOperations schedules, CancellationToken ct) =>
        (await schedules.RunsAsync(actor, scheduleId, ct)).ToHttp();

    private static async Task<IResult> Create(ReportScheduleInput input, AccessScope actor, ReportScheduleOperations schedules, CancellationToken ct) =>
        (await schedules.CreateAsync(actor, input, ct)).ToHttp(s => $"/api/v1/report-schedules/{s.Id}");

    private static async Task<IResult> Update(long scheduleId, ReportScheduleInput input, AccessScope actor, ReportScheduleOperations schedules, CancellationToken ct) =>
        (await schedules.UpdateAsync(actor, scheduleId, input, ct)).ToHttp();

    private static async Task<IResult> Delete(long scheduleId, AccessScope actor, ReportScheduleOperations schedules, CancellationToken ct) =>
        (await schedules.DeleteAsync(actor, scheduleId, ct)).ToNoContent();
}
