using System.Text.RegularExpressions;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Imports;
using BugSage.Core.Outbound;
using BugSage.Core.Processing;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Imports;

/// <summary>
/// Imports from Sentry into an organization: start one, follow its progress, resume one that
/// stopped. Organization admins and owners only: an import reads a Sentry organization with its
/// token and writes projects and keys. The token is sealed at rest and never answered back; the
/// server URL is checked against the outbound address policy when given and at every request.
/// The CLI runs as the server's operator (who holds its database), through <see cref="StartAsOperatorAsync"/>.
/// </summary>
public sealed partial class SentryImportOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, TimeProvider clock, SecretProtector secrets,
    OutboundPolicy outbound, SentryImportWorker worker, IServiceScopeFactory scopes, IOptions<Core.Configuration.WorkerOptions> workers)
{
    private const string NotAdmin = "Only organization admins and owners import from Sentry.";
    private const int MaxProjects = 100;
    private const int MaxUrlLength = 400;
    private const int MaxProjectList = 2000;

    public async Task<OperationResult<SentryImportDto>> StartAsync(AccessScope actor, long orgId, SentryImportRequest request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<SentryImportDto>(problems);
        var allowed = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct, NotAdmin);
        if (!allowed.Succeeded) return allowed.As<SentryImportDto>();
        var job = await NewJobAsync(orgId, request, actor.Label, ct);
        if (!job.Succeeded) return job.As<SentryImportDto>();
        db.SentryImportJobs.Add(job.Value!);
        audit.Record("import.started", orgId, target: $"{job.Value!.SourceKey}", details: new { projects = request.Projects, request.Since, events = job.Value.EventsPerIssue });
        await db.SaveChangesAsync(ct);
        worker.Wake();
        return Operation.Created(SentryImportDto.From(job.Value));
    }

    public async Task<OperationResult<List<SentryImportDto>>> ListAsync(AccessScope actor, long orgId, CancellationToken ct)
    {
        var allowed = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct, NotAdmin);
        if (!allowed.Succeeded) return allowed.As<List<SentryImportDto>>();
        var jobs = await db.SentryImportJobs.AsNoTracking().Where(j => j.OrganizationId == orgId).OrderByDescending(j => j.Id).Take(50).ToListAsync(ct);
        return Operation.Ok(jobs.Select(SentryImportDto.From).ToList());
    }

    public async Task<OperationResult<SentryImportDto>> GetAsync(AccessScope actor, long orgId, long jobId, CancellationToken ct)
    {
        var allowed = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct, NotAdmin);
        if (!allowed.Succeeded) return allowed.As<SentryImportDto>();
        var job = await db.SentryImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.OrganizationId == orgId, ct);
        return job is null ? Operation.NotFound<SentryImportDto>() : Operation.Ok(SentryImportDto.From(job));
    }

    /// <summary>Queues a failed import again: it goes on from the page where it stopped, with the same token.</summary>
    public async Task<OperationResult<SentryImportDto>> ResumeAsync(AccessScope actor, long orgId, long jobId, CancellationToken ct)
    {
        var allowed = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct, NotAdmin);
        if (!allowed.Succeeded) return allowed.As<SentryImportDto>();
        var job = await db.SentryImportJobs.FirstOrDefaultAsync(j => j.Id == jobId && j.OrganizationId == orgId, ct);
        if (job is null) return Operation.NotFound<SentryImportDto>();
        if (job.Status != SentryImportStatus.Failed)
            return Operation.Conflict<SentryImportDto>(job.Status == SentryImportStatus.Done
                ? "The import is done; start a new one to import what changed since (nothing is copied twice)."
                : "The import is still queued or running.");
        job.Status = SentryImportStatus.Queued;
        job.Error = null;
        job.FinishedAt = null;
        job.Attempts = 0;
        job.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record("import.resumed", orgId, target: job.SourceKey, details: new { job.Id, job.Stage });
        await db.SaveChangesAsync(ct);
        worker.Wake();
        return Operation.Ok(SentryImportDto.From(job));
    }

    /// <summary>
    /// Starts an import for the server's operator (the CLI), held by this process under a lease
    /// rather than queued, so no node's worker takes it while the CLI runs it; if the CLI dies,
    /// the lease runs out and a worker goes on with it.
    /// </summary>
    public async Task<OperationResult<SentryImportDto>> StartAsOperatorAsync(string orgSlug, SentryImportRequest request, string holder, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<SentryImportDto>(problems);
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == orgSlug, ct);
        if (org is null) return Operation.NotFound<SentryImportDto>($"No BugSage organization with the slug '{orgSlug}'");
        var job = await NewJobAsync(org.Id, request, "operator (CLI)", ct);
        if (!job.Succeeded) return job.As<SentryImportDto>();
        var now = clock.GetUtcNow().UtcDateTime;
        (job.Value!.Status, job.Value.LeaseOwner, job.Value.LeaseExpiresAt, job.Value.Attempts) = (SentryImportStatus.Running, holder, now + workers.Value.Lease, 1);
        db.SentryImportJobs.Add(job.Value);
        audit.Record("import.started", org.Id, target: job.Value.SourceKey, details: new { projects = request.Projects, request.Since, events = job.Value.EventsPerIssue }, actor: "operator (CLI)");
        await db.SaveChangesAsync(ct);
        return Operation.Created(SentryImportDto.From(job.Value));
    }

    /// <summary>Runs an import the operator started, here and now; <paramref name="progress"/> hears of every page.</summary>
    public async Task<SentryImportDto> RunAsOperatorAsync(long jobId, Action<SentryImportDto> progress, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<SentryImporter>();
        await importer.RunAsync(jobId, job => progress(SentryImportDto.From(job)), ct);
        return SentryImportDto.From(await db.SentryImportJobs.AsNoTracking().FirstAsync(j => j.Id == jobId, ct));
    }

    /// <summary>The job the request describes, with the token sealed; the problems when it describes none.</summary>
    private async Task<OperationResult<SentryImportJob>> NewJobAsync(long orgId, SentryImportRequest request, string createdBy, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Uri? url = null;
        if (string.IsNullOrWhiteSpace(request.Url)) errors["url"] = ["required: https://sentry.io or your Sentry server's address"];
        else if (!Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out url) || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.UserInfo)
                 || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
            errors["url"] = ["an absolute https (or http) URL without credentials, query or fragment"];
        // The job keeps it (500 characters) and its mappings name it with the organization (600).
        else if (url.GetLeftPart(UriPartial.Path).TrimEnd('/').Length > MaxUrlLength) errors["url"] = [$"at most {MaxUrlLength} characters"];
        // Checked again at every request; this only turns away at once what can never be reached.
        else if (await outbound.RefusalAsync(url.Host, ct) is { } refused) errors["url"] = [$"{url.Host}: {refused}"];
        if (string.IsNullOrWhiteSpace(request.Token) || request.Token.Trim().Any(char.IsWhiteSpace)) errors["token"] = ["required: a Sentry auth token with org:read, project:read and event:read"];
        if (string.IsNullOrWhiteSpace(request.Organization) || !SentrySlug().IsMatch(request.Organization.Trim())) errors["organization"] = ["the Sentry organization's slug"];
        var projects = request.Projects?.Select(p => p?.Trim() ?? "").Where(p => p.Length > 0).Distinct().ToList();
        if (projects is not null && (projects.Count > MaxProjects || projects.Any(p => !SentrySlug().IsMatch(p))))
            errors["projects"] = [$"up to {MaxProjects} Sentry project slugs"];
        else if (projects is not null && string.Join(",", projects).Length > MaxProjectList)
            errors["projects"] = [$"at most {MaxProjectList} characters of slugs in all; import the rest in another run"];
        if (request.Events is < 0 or > SentryImportLimits.MaxEventsPerIssue) errors["events"] = [$"0 to {SentryImportLimits.MaxEventsPerIssue}"];
        if (errors.Count > 0) return Operation.Invalid<SentryImportJob>(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        return Operation.Ok(new SentryImportJob
        {
            OrganizationId = orgId,
            SourceUrl = url!.GetLeftPart(UriPartial.Path).TrimEnd('/'),
            SourceOrganization = request.Organization!.Trim(),
            ProjectSlugs = projects is { Count: > 0 } ? string.Join(",", projects) : null,
            Since = request.Since is { } since ? since.ToUniversalTime() : null,
            EventsPerIssue = request.Events ?? SentryImportLimits.DefaultEventsPerIssue,
            TokenProtected = secrets.Protect(request.Token!.Trim()),
            CreatedBy = createdBy.Truncate(320),
            CreatedAt = now,
            UpdatedAt = now,
        });
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex SentrySlug();
}
