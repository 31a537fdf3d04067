using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Reports;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Reports;

/// <summary>
/// Reports on demand: ask for one (queued for <see cref="ReportWorker"/>), follow it, download it, list an
/// organization's. Whoever may read the project (or, for an organization's report, the organization's
/// projects) may ask for and read its reports; anyone else is answered not found.
/// </summary>
public sealed class ReportOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, TimeProvider clock, ReportWorker worker)
{
    private const int ListedReports = 100;

    /// <summary>
    /// Reports of one organization waiting or being written at once. Each one reads two whole periods of
    /// analytics; more than this from one tenant would only starve everyone else's, so the next waits (429).
    /// </summary>
    internal const int UnfinishedPerOrganization = 5;

    public async Task<OperationResult<ReportDto>> CreateAsync(AccessScope actor, ReportRequest request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<ReportDto>(problems);
        var errors = new Dictionary<string, string[]>();
        if (!ReportFormats.All.Contains(request.Format)) errors["format"] = ["The format is one of html, csv, xlsx, pdf."];
        if (request.Scope is not { } scope || (scope.ProjectId is null) == (scope.OrganizationId is null))
            errors["scope"] = ["The scope names either a projectId or an organizationId."];
        var period = ReportPeriods.Of(request, clock.GetUtcNow().UtcDateTime, errors);
        if (errors.Count > 0 || period is not var (from, to)) return Operation.Invalid<ReportDto>(errors);

        long organizationId;
        List<long> projects;
        if (request.Scope!.ProjectId is { } projectId)
        {
            var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
            if (!project.Succeeded) return project.As<ReportDto>();
            (organizationId, projects) = (project.Value!.OrganizationId, [projectId]);
        }
        else
        {
            var org = await access.OrganizationAsync(actor, request.Scope.OrganizationId!.Value, Permission.ProjectRead, ct);
            if (!org.Succeeded) return org.As<ReportDto>();
            organizationId = org.Value;
            projects = await (await access.ReadableProjectsAsync(actor, ct)).Where(p => p.OrganizationId == organizationId)
                .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        }
        var unfinished = await db.ReportJobs.CountAsync(j => j.OrganizationId == organizationId
            && (j.Status == ReportStatus.Queued || j.Status == ReportStatus.Running), ct);
        if (unfinished >= UnfinishedPerOrganization)
            return Operation.Refused<ReportDto>(OperationStatus.TooManyRequests, "Too many reports at once",
                $"The organization has {unfinished} reports waiting or being written; ask again when one is done.");
        var job = new ReportJob
        {
            OrganizationId = organizationId, ProjectId = request.Scope.ProjectId, ProjectIds = string.Join(',', projects), Kind = request.Kind!, Format = request.Format!,
            PeriodFrom = from, PeriodTo = to, CreatedBy = actor.Label, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ReportJobs.Add(job);
        audit.Record("report.requested", organizationId, target: request.Scope.ProjectId is { } p ? $"project {p}" : $"organization {organizationId}",
            details: new { job.Kind, job.Format, from, to });
        await db.SaveChangesAsync(ct);
        worker.Wake();
        return Operation.Created(ReportDto.Of(job));
    }

    public async Task<OperationResult<ReportDto>> GetAsync(AccessScope actor, long reportId, CancellationToken ct)
    {
        var job = await ReadableAsync(actor, reportId, ct);
        return job is null ? Operation.NotFound<ReportDto>() : Operation.Ok(ReportDto.Of(job));
    }

    /// <summary>The written file; a conflict while the report is still queued, running or has failed.</summary>
    public async Task<OperationResult<ReportFile>> DownloadAsync(AccessScope actor, long reportId, CancellationToken ct)
    {
        var job = await ReadableAsync(actor, reportId, ct, withContent: true);
        if (job is null) return Operation.NotFound<ReportFile>();
        if (job.Status != ReportStatus.Done || job.Content is null)
            return Operation.Conflict<ReportFile>(job.Status == ReportStatus.Failed ? $"The report failed: {job.Error}" : "The report is not written yet; follow its status.");
        return Operation.Ok(new ReportFile(job.Content, job.ContentType ?? ReportFormats.ContentType(job.Format), job.FileName ?? $"report-{job.Id}.{job.Format}"));
    }

    /// <summary>The organization's reports the caller may read, newest first (the caller's first organization when none is named).</summary>
    public async Task<OperationResult<List<ReportDto>>> ListAsync(AccessScope actor, long? organizationId, CancellationToken ct)
    {
        var org = await access.OrganizationOrFirstAsync(actor, organizationId, ct);
        if (!org.Succeeded) return org.As<List<ReportDto>>();
        var allowed = await access.OrganizationAsync(actor, org.Value, Permission.ProjectRead, ct);
        if (!allowed.Succeeded) return allowed.As<List<ReportDto>>();
        var readable = await (await access.ReadableProjectsAsync(actor, ct)).Where(p => p.OrganizationId == org.Value).Select(p => p.Id).ToListAsync(ct);
        var jobs = await db.ReportJobs.AsNoTracking().Where(j => j.OrganizationId == org.Value && (j.ProjectId == null || readable.Contains(j.ProjectId.Value)))
            .OrderByDescending(j => j.Id).Take(ListedReports).Select(WithoutContent).ToListAsync(ct);
        return Operation.Ok(jobs.Select(ReportDto.Of).ToList());
    }

    /// <summary>The report if the caller may read its scope; null otherwise, so another tenant's report reads as absent.</summary>
    private async Task<ReportJob?> ReadableAsync(AccessScope actor, long reportId, CancellationToken ct, bool withContent = false)
    {
        var query = db.ReportJobs.AsNoTracking().Where(j => j.Id == reportId);
        var job = withContent ? await query.FirstOrDefaultAsync(ct) : await query.Select(WithoutContent).FirstOrDefaultAsync(ct);
        if (job is null) return null;
        var allowed = job.ProjectId is { } projectId
            ? (await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct)).Succeeded
            : (await access.OrganizationAsync(actor, job.OrganizationId, Permission.ProjectRead, ct)).Succeeded;
        return allowed ? job : null;
    }

    /// <summary>A report row without its file, which lists and status reads never need.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<ReportJob, ReportJob>> WithoutContent = j => new ReportJob
    {
        Id = j.Id, OrganizationId = j.OrganizationId, ProjectId = j.ProjectId, ProjectIds = "", Kind = j.Kind, Format = j.Format, PeriodFrom = j.PeriodFrom,
        PeriodTo = j.PeriodTo, Status = j.Status, Error = j.Error, FileName = j.FileName, ContentType = j.ContentType, Size = j.Size, CreatedBy = j.CreatedBy,
        CreatedAt = j.CreatedAt, FinishedAt = j.FinishedAt, Attempts = j.Attempts,
    };
}
