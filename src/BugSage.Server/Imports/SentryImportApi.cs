using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Imports;

/// <summary>REST adapter for <see cref="SentryImportOperations"/>.</summary>
public static class SentryImportApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/organizations/{orgId:long}/imports").WithTags("Imports");
        group.MapPost("/sentry", Start).WithName("StartSentryImport")
            .WithSummary("Import projects (with DSN keys), releases, issues and their latest events from Sentry (admins); answers the job to follow");
        group.MapGet("/", List).WithName("ListImports").WithSummary("The organization's imports, newest first (admins)");
        group.MapGet("/{jobId:long}", Get).WithName("GetImport").WithSummary("An import's progress: stage, counts, notes, error (admins)");
        group.MapPost("/{jobId:long}/resume", Resume).WithName("ResumeImport").WithSummary("Go on with a failed import from where it stopped (admins)");
        return app;
    }

    private static string Location(long orgId, SentryImportDto job) => $"/api/v1/organizations/{orgId}/imports/{job.Id}";

    private static async Task<IResult> Start(long orgId, SentryImportRequest request, AccessScope actor, SentryImportOperations imports, CancellationToken ct) =>
        (await imports.StartAsync(actor, orgId, request, ct)).ToAccepted(j => Location(orgId, j));

    private static async Task<OperationAnswer<List<SentryImportDto>>> List(long orgId, AccessScope actor, SentryImportOperations imports, CancellationToken ct) =>
        (await imports.ListAsync(actor, orgId, ct)).ToHttp();

    private static async Task<OperationAnswer<SentryImportDto>> Get(long orgId, long jobId, AccessScope actor, SentryImportOperations imports, CancellationToken ct) =>
        (await imports.GetAsync(actor, orgId, jobId, ct)).ToHttp();

    private static async Task<IResult> Resume(long orgId, long jobId, AccessScope actor, SentryImportOperations imports, CancellationToken ct) =>
        (await imports.ResumeAsync(actor, orgId, jobId, ct)).ToAccepted(j => Location(orgId, j));
}
