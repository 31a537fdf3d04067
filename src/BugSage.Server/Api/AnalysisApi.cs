using BugSage.Core.Analysis;
using BugSage.Server.Analyses;
using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="AnalysisOperations"/>: start an analysis, read the latest result, and the history.</summary>
public static class AnalysisApi
{
    public static IEndpointRouteBuilder MapAnalysisApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/issues/{issueId:long}").WithTags("Analysis");
        group.MapPost("/analysis", Start).WithName("StartAnalysis").WithSummary("Queue a root-cause analysis; 202 with where to read it");
        group.MapGet("/analysis", Latest).WithName("GetAnalysis").WithSummary("The latest ErrorAnalysisResult (202 while one is still running)")
            .Produces<ErrorAnalysisResult>().Produces<AnalysisDto>(StatusCodes.Status202Accepted);
        group.MapGet("/analyses", History).WithName("ListAnalyses").WithSummary("Every analysis of the issue, newest first");
        return app;
    }

    private static async Task<IResult> Start(long issueId, AccessScope actor, AnalysisOperations analyses, CancellationToken ct) =>
        (await analyses.StartAsync(actor, issueId, ct)).ToAccepted(_ => $"/api/v1/issues/{issueId}/analysis");

    private static async Task<IResult> Latest(long issueId, AccessScope actor, AnalysisOperations analyses, CancellationToken ct)
    {
        var latest = await analyses.LatestAsync(actor, issueId, ct);
        if (latest.Value is not { } found) return latest.ToHttp();
        // The stored result is served as written, so that its fields are exactly what the engine produced.
        if (found.Done is { } done) return TypedResults.Text(done.Result!, "application/json");
        return found.Pending is { } pending ? TypedResults.Accepted($"/api/v1/issues/{issueId}/analysis", AnalysisDto.From(pending)) : TypedResults.NotFound();
    }

    private static async Task<OperationAnswer<List<AnalysisDto>>> History(long issueId, AccessScope actor, AnalysisOperations analyses, CancellationToken ct) =>
        (await analyses.HistoryAsync(actor, issueId, ct)).ToHttp();
}
