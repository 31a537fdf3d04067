using BugSage.Core.Accounts;
using BugSage.Core.Alerts;
using BugSage.Core.Data;
using BugSage.Core.Reports;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Reports.Schedules;

/// <summary>
/// Report schedules: save one (its cron expression and time zone checked at once), change, list, remove it, and read
/// its runs. Readers of the scope see its schedules; changing them takes the right to manage alert rules
/// (<see cref="Permission.IssueWrite"/>), since a schedule sends to the same targets. Anyone else is answered not found.
/// </summary>
public sealed class ReportScheduleOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, TimeProvider clock)
{
    private const Permission Manage = Permission.IssueWrite;

    /// <summary>Schedules per organization: each fires a report that reads two periods of analytics.</summary>
    internal const int MaxPerOrganization = 50;

    private const int ListedRuns = 50;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<OperationResult<ReportScheduleDto>> CreateAsync(AccessScope actor, ReportScheduleInput input, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<ReportScheduleDto>(problems);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors["name"] = ["A name is required."];
        if (input.Targets is not { Count: > 0 }) errors["targets"] = ["At least one alert target (integration id) to send the report to."];
        if (input.Scope is not { } scope || (scope.ProjectId is null) == (scope.OrganizationId is null))
            errors["scope"] = ["The scope names either a projectId or an organizationId."];
        var cadence = Check(input.Kind, input.Format, input.Cron, input.TimeZone, errors);
        if (errors.Count > 0) return Operation.Invalid<ReportScheduleDto>(errors);

        var scoped = await ScopeAsync(actor, input.Scope!, ct);
        if (!scoped.Succeeded) return scoped.As<ReportScheduleDto>();
        var (organizationId, projects) = scoped.Value;
        if (await TargetProblemAsync(organizationId, input.Scope!.ProjectId, input.Targets!, ct) is { } targetProblem)
            return Operation.Invalid<ReportScheduleDto>("targets", targetProblem);
        if (await db.ReportSchedules.CountAsync(s => s.OrganizationId == organizationId, ct) >= MaxPerOrganization)
            return Operation.Invalid<ReportScheduleDto>("scope", $"An organization has at most {MaxPerOrganization} report schedules.");
        var enabled = input.Enabled ?? true;
        var schedule = new ReportSchedule
        {
            OrganizationId = organizationId, ProjectId = input.Scope.ProjectId, ProjectIds = string.Join(',', projects), Name = input.Name!.Trim(),
            Kind = input.Kind!, Format = input.Format!, Cron = input.Cron!.Trim(), TimeZone = input.TimeZone!.Trim(),
            IntegrationIds = string.Join(',', input.Targets!.Distinct()), Enabled = enabled, NextDueAt = enabled ? cadence!.NextAfter(Now) : null,
            CreatedBy = actor.Label, CreatedAt = Now, UpdatedAt = Now,
        };
        db.ReportSchedules.Add(schedule);
        audit.Record("report_schedule.created", organizationId, target: schedule.Name, details: new { schedule.Kind, schedule.Format, schedule.Cron, schedule.TimeZone });
        await db.SaveChangesAsync(ct);
        return Operation.Created(ReportScheduleDto.Of(schedule));
    }

    public async Task<OperationResult<ReportScheduleDto>> UpdateAsync(AccessScope actor, long scheduleId, ReportScheduleInput input, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<ReportScheduleDto>(problems);
        var schedule = await ReadableAsync(actor, scheduleId, tracked: true, ct);
        if (schedule is null) return Operation.NotFound<ReportScheduleDto>();
        if (!await MayManageAsync(actor, schedule, ct)) return Operation.Forbidden<ReportScheduleDto>("Your role does not allow changing report schedules.");
        var errors = new Dictionary<string, string[]>();
        if (input.Scope is not null) errors["scope"] = ["A schedule's scope cannot change; make a new schedule."];
        if (input.Name is { } name && string.IsNullOrWhiteSpace(name)) errors["name"] = ["A name cannot be blank."];
        if (input.Targets is { Count: 0 }) errors["targets"] = ["At least one alert target (integration id) to send the report to."];
        var cadence = Check(input.Kind ?? schedule.Kind, input.Format ?? schedule.Format, input.Cron ?? schedule.Cron, input.TimeZone ?? schedule.TimeZone, errors);
        if (errors.Count > 0) return Operation.Invalid<ReportScheduleDto>(errors);
        if (input.Targets is { } targets && await TargetProblemAsync(schedule.OrganizationId, schedule.ProjectId, targets, ct) is { } targetProblem)
            return Operation.Invalid<ReportScheduleDto>("targets", targetProblem);

        if (input.Name is not null) schedule.Name = input.Name.Trim();
        schedule.Kind = input.Kind ?? schedule.Kind;
        schedule.Format = input.Format ?? schedule.Format;
        schedule.Cron = input.Cron?.Trim() ?? schedule.Cron;
        schedule.TimeZone = input.TimeZone?.Trim() ?? schedule.TimeZone;
        if (input.Targets is not null) schedule.IntegrationIds = string.Join(',', input.Targets.Distinct());
        schedule.Enabled = input.Enabled ?? schedule.Enabled;
        // The next firing counts from now: a changed cadence does not fire for a time already past.
        schedule.NextDueAt = schedule.Enabled ? cadence!.NextAfter(Now) : null;
        schedule.UpdatedAt = Now;
        audit.Record("report_schedule.changed", schedule.OrganizationId, target: schedule.Name, details: new { schedule.Kind, schedule.Format, schedule.Cron, schedule.TimeZone, schedule.Enabled });
        await db.SaveChangesAsync(ct);
        return Operation.Ok(ReportScheduleDto.Of(schedule));
    }

    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, long scheduleId, CancellationToken ct)
    {
        var schedule = await ReadableAsync(actor, scheduleId, tracked: true, ct);
        if (schedule is null) return Operation.NotFound<bool>();
        if (!await MayManageAsync(actor, schedule, ct)) return Operation.Forbidden<bool>("Your role does not allow removing report schedules.");
        db.ReportSchedules.Remove(schedule);
        audit.Record("report_schedule.removed", schedule.OrganizationId, target: schedule.Name);
        await db.SaveChangesAsync(ct);
        return Operation.Ok(true);
    }

    public async Task<OperationResult<ReportScheduleDto>> GetAsync(AccessScope actor, long scheduleId, CancellationToken ct) =>
        await ReadableAsync(actor, scheduleId, tracked: false, ct) is { } schedule ? Operation.Ok(ReportScheduleDto.Of(schedule)) : Operation.NotFound<ReportScheduleDto>();

    /// <summary>The schedule's latest runs, newest first.</summary>
    public async Task<OperationResult<List<ReportScheduleRunDto>>> RunsAsync(AccessScope actor, long scheduleId, CancellationToken ct)
    {
        if (await ReadableAsync(actor, scheduleId, tracked: false, ct) is null) return Operation.NotFound<List<ReportScheduleRunDto>>();
        var runs = await db.ReportScheduleRuns.AsNoTracking().Where(r => r.ScheduleId == scheduleId).OrderByDescending(r => r.Id).Take(ListedRuns).ToListAsync(ct);
        return Operation.Ok(runs.Select(ReportScheduleRunDto.Of).ToList());
    }

    /// <summary>The organization's schedules the caller may read (the caller's first organization when none is named), optionally one project's.</summary>
    public async Task<OperationResult<List<ReportScheduleDto>>> ListAsync(AccessScope actor, long? organizationId, long? projectId, CancellationToken ct)
    {
        if (projectId is { } onlyProject)
        {
            var project = await access.ProjectAsync(actor, onlyProject, Permission.ProjectRead, ct);
            if (!project.Succeeded) return project.As<List<ReportScheduleDto>>();
            organizationId = project.Value!.OrganizationId;
        }
        var org = await access.OrganizationOrFirstAsync(actor, organizationId, ct);
        if (!org.Succeeded) return org.As<List<ReportScheduleDto>>();
        var allowed = await access.OrganizationAsync(actor, org.Value, Permission.ProjectRead, ct);
        if (!allowed.Succeeded) return allowed.As<List<ReportScheduleDto>>();
        var readable = await (await access.ReadableProjectsAsync(actor, ct)).Where(p => p.OrganizationId == org.Value).Select(p => p.Id).ToListAsync(ct);
        var rows = await db.ReportSchedules.AsNoTracking()
            .Where(s => s.OrganizationId == org.Value && (s.ProjectId == null || readable.Contains(s.ProjectId.Value)))
            .Where(s => projectId == null || s.ProjectId == projectId || s.ProjectId == null)
            .OrderBy(s => s.Id).Take(MaxPerOrganization).ToListAsync(ct);
        return Operation.Ok(rows.Select(ReportScheduleDto.Of).ToList());
    }

    /// <summary>Kind, format, cron and time zone as they will be saved; the cadence when all of them hold.</summary>
    private ReportCadence? Check(string? kind, string? format, string? cron, string? timeZone, Dictionary<string, string[]> errors)
    {
        if (kind is not (ReportKinds.Weekly or ReportKinds.Monthly)) errors["kind"] = ["A schedule's kind is weekly or monthly."];
        if (!ReportFormats.All.Contains(format)) errors["format"] = ["The format is one of html, csv, xlsx, pdf."];
        var (cadence, problems) = ReportCadence.Parse(cron, timeZone, Now);
        foreach (var (field, messages) in problems) errors[field] = messages;
        return cadence;
    }

    /// <summary>The organization and the projects a new schedule covers, if the caller may manage schedules there.</summary>
    private async Task<OperationResult<(long Organization, List<long> Projects)>> ScopeAsync(AccessScope actor, ReportScope scope, CancellationToken ct)
    {
        if (scope.ProjectId is { } projectId)
        {
            var project = await access.ProjectAsync(actor, projectId, Manage, ct);
            return project.Succeeded ? Operation.Ok((project.Value!.OrganizationId, new List<long> { projectId })) : project.As<(long, List<long>)>();
        }
        var org = await access.OrganizationAsync(actor, scope.OrganizationId!.Value, Manage, ct);
        if (!org.Succeeded) return org.As<(long, List<long>)>();
        var projects = await (await access.ReadableProjectsAsync(actor, ct)).Where(p => p.OrganizationId == org.Value).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        return Operation.Ok((org.Value, projects));
    }

    /// <summary>
    /// Why the targets cannot be used, or null: each is an alert target (not an issue tracker) of the schedule's project,
    /// or for an organization's schedule of one of the organization's projects.
    /// </summary>
    private async Task<string?> TargetProblemAsync(long organizationId, long? projectId, IReadOnlyCollection<long> targets, CancellationToken ct)
    {
        var ids = targets.Distinct().ToList();
        var found = await db.AlertIntegrations.AsNoTracking()
            .Where(i => ids.Contains(i.Id) && i.OrganizationId == organizationId && (projectId == null || i.ProjectId == projectId))
            .Select(i => new { i.Id, i.Kind }).ToListAsync(ct);
        var missing = ids.Where(id => found.All(f => f.Id != id)).ToList();
        if (missing.Count > 0) return $"No alert target {string.Join(", ", missing)} in this {(projectId is null ? "organization" : "project")}.";
        var trackers = found.Where(f => IntegrationKinds.IsTracker(f.Kind)).Select(f => f.Id).ToList();
        return trackers.Count > 0 ? $"Integration {string.Join(", ", trackers)} is an issue tracker, not an alert target." : null;
    }

    private async Task<bool> MayManageAsync(AccessScope actor, ReportSchedule schedule, CancellationToken ct) => schedule.ProjectId is { } projectId
        ? (await access.ProjectAsync(actor, projectId, Manage, ct)).Succeeded
        : await access.CanAsync(actor, schedule.OrganizationId, Manage, ct);

    /// <summary>The schedule if the caller may read its scope; null otherwise, so another tenant's schedule reads as absent.</summary>
    private async Task<ReportSchedule?> ReadableAsync(AccessScope actor, long scheduleId, bool tracked, CancellationToken ct)
    {
        var query = db.ReportSchedules.Where(s => s.Id == scheduleId);
        var schedule = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct);
        if (schedule is null) return null;
        var allowed = schedule.ProjectId is { } projectId
            ? (await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct)).Succeeded
            : (await access.OrganizationAsync(actor, schedule.OrganizationId, Permission.ProjectRead, ct)).Succeeded;
        return allowed ? schedule : null;
    }
}
