using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Analytics;

/// <summary>The range and filters of an analytics question as a caller sends them; <see cref="AnalyticsRange"/> checks them.</summary>
public sealed record AnalyticsQuery(DateTime? From, DateTime? To, string? Interval, string? Environment, string? Release);

/// <summary>
/// How a project's or an organization's errors changed over a range: series, resolution times, issue ages, top
/// issues, releases compared, autofix outcomes and AI usage. Anyone who may read the project (or, for an
/// organization, its projects) may ask.
/// </summary>
public sealed class AnalyticsOperations(IDbContextFactory<AppDbContext> contexts, ProjectAccess access, TimeProvider clock)
{
    public async Task<OperationResult<AnalyticsDto>> ProjectAsync(AccessScope actor, long projectId, AnalyticsQuery query, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        if (!project.Succeeded) return project.As<AnalyticsDto>();
        var (range, errors) = RangeOf(query);
        if (range is null) return Operation.Invalid<AnalyticsDto>(errors!);
        return Operation.Ok(await new AnalyticsReader(contexts, [projectId], [project.Value!.OrganizationId], range).ReadAsync(ct));
    }

    /// <summary>Over every project of the organization the caller may read.</summary>
    public async Task<OperationResult<AnalyticsDto>> OrganizationAsync(AccessScope actor, long organizationId, AnalyticsQuery query, CancellationToken ct)
    {
        var org = await access.OrganizationAsync(actor, organizationId, Permission.ProjectRead, ct);
        if (!org.Succeeded) return org.As<AnalyticsDto>();
        var (range, errors) = RangeOf(query);
        if (range is null) return Operation.Invalid<AnalyticsDto>(errors!);
        var projectIds = await (await access.ReadableProjectsAsync(actor, ct)).Where(p => p.OrganizationId == organizationId)
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        return Operation.Ok(await new AnalyticsReader(contexts, projectIds, [organizationId], range).ReadAsync(ct));
    }

    private (AnalyticsRange?, Dictionary<string, string[]>?) RangeOf(AnalyticsQuery query) =>
        AnalyticsRange.Of(query.From, query.To, query.Interval, query.Environment, query.Release, clock.GetUtcNow().UtcDateTime);
}
