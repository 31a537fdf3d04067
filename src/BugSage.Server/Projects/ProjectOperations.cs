using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Alerts;
using BugSage.Core.Data;
using BugSage.Core.Grouping;
using BugSage.Core.Projects;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Core.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Projects;

/// <summary>
/// Projects: list the ones the caller can read, create one with its first DSN key and default
/// alert rules (project:write), read and change its settings (fingerprint rules, scrubbing),
/// which apply from the digest's next batch on, and how long its events are kept.
/// </summary>
/// <summary>A project as a chooser offers it.</summary>
public sealed record ProjectChoice(long Id, string Name, string Organization);

public sealed class ProjectOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, TimeProvider clock, DefaultAlertRules alertRules, IOptions<RetentionOptions> retention)
{
    public async Task<OperationResult<Page<ProjectDto>>> ListAsync(AccessScope actor, int? limit, string? cursor, CancellationToken ct)
    {
        var take = Cursor.Limit(limit);
        var query = await access.ReadableProjectsAsync(actor, ct);
        if (Cursor.TryDecode(cursor, out _, out var afterId)) query = query.Where(p => p.Id > afterId);
        var rows = await query.OrderBy(p => p.Id).Take(take + 1).ToListAsync(ct);
        return Operation.Ok(Cursor.ToPage(rows, take, ProjectDto.From, p => Cursor.Encode("", p.Id)));
    }

    /// <summary>Every project the actor can read with its organization's name, ordered as a chooser lists them.</summary>
    public async Task<OperationResult<List<ProjectChoice>>> ChoicesAsync(AccessScope actor, CancellationToken ct) =>
        Operation.Ok(await (from p in await access.ReadableProjectsAsync(actor, ct)
                            join o in db.Organizations on p.OrganizationId equals o.Id
                            orderby o.Name, p.Name
                            select new ProjectChoice(p.Id, p.Name, o.Name)).AsNoTracking().ToListAsync(ct));

    /// <summary>A new project in the organization named (or the actor's first), with a unique slug there.</summary>
    public async Task<OperationResult<ProjectDto>> CreateAsync(AccessScope actor, long? organizationId, string name, string? platform, CancellationToken ct)
    {
        var org = await access.OrganizationOrFirstAsync(actor, organizationId, ct);
        if (!org.Succeeded) return org.As<ProjectDto>();
        var orgId = org.Value;
        var allowed = await access.OrganizationAsync(actor, orgId, Permission.ProjectWrite, ct, "Your role does not allow creating projects.");
        if (!allowed.Succeeded) return allowed.As<ProjectDto>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200) return Operation.Invalid<ProjectDto>("name", "1 to 200 characters");
        var slug = Slugs.From(name);
        var taken = await db.Projects.Where(p => p.OrganizationId == orgId && (p.Slug == slug || p.Slug.StartsWith(slug + "-"))).Select(p => p.Slug).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var project = new Project { OrganizationId = orgId, Slug = Slugs.Unique(slug, taken), Name = name.Trim(), Platform = platform?.Trim(), CreatedAt = now };
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        db.ProjectKeys.Add(new ProjectKey { ProjectId = project.Id, PublicKey = ProjectKeys.NewPublicKey(), CreatedAt = now });
        alertRules.AddTo(db, project, now);
        audit.Record("project.created", orgId, target: project.Slug);
        await db.SaveChangesAsync(ct);
        return Operation.Created(ProjectDto.From(project));
    }

    /// <summary>The projects of one organization the actor can read; not found outside their organizations.</summary>
    public async Task<OperationResult<Page<ProjectDto>>> InOrganizationAsync(AccessScope actor, long organizationId, int? limit, string? cursor, CancellationToken ct)
    {
        var org = await access.OrganizationAsync(actor, organizationId, Permission.ProjectRead, ct);
        if (!org.Succeeded) return org.As<Page<ProjectDto>>();
        var take = Cursor.Limit(limit);
        var query = (await access.ReadableProjectsAsync(actor, ct)).Where(p => p.OrganizationId == organizationId);
        if (Cursor.TryDecode(cursor, out _, out var afterId)) query = query.Where(p => p.Id > afterId);
        var rows = await query.AsNoTracking().OrderBy(p => p.Id).Take(take + 1).ToListAsync(ct);
        return Operation.Ok(Cursor.ToPage(rows, take, ProjectDto.From, p => Cursor.Encode("", p.Id)));
    }

    /// <summary>
    /// Those of <paramref name="projectIds"/> the actor can read, in one query: a list of issues names its projects once
    /// for all its rows instead of once per row. The rest are simply absent.
    /// </summary>
    public async Task<OperationResult<IReadOnlyDictionary<long, ProjectDto>>> ManyAsync(AccessScope actor, IReadOnlyCollection<long> projectIds, CancellationToken ct)
    {
        var ids = projectIds.Distinct().ToList();
        var rows = ids.Count == 0 ? [] : await (await access.ReadableProjectsAsync(actor, ct)).Where(p => ids.Contains(p.Id)).AsNoTracking().ToListAsync(ct);
        return Operation.Ok<IReadOnlyDictionary<long, ProjectDto>>(rows.ToDictionary(p => p.Id, ProjectDto.From));
    }

    public async Task<OperationResult<ProjectSettingsDto>> GetAsync(AccessScope actor, long projectId, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        return project.Value is { } p ? Operation.Ok(ProjectSettingsDto.From(p, retention.Value)) : project.As<ProjectSettingsDto>();
    }

    /// <summary>A project at a glance: counters, events per hour, the busiest issues and recent activity.</summary>
    public async Task<OperationResult<(Project Project, ProjectOverview Overview)>> OverviewAsync(AccessScope actor, long projectId, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        if (project.Value is not { } p) return project.As<(Project, ProjectOverview)>();
        return Operation.Ok((p, await ProjectOverview.LoadAsync(db, projectId, clock.GetUtcNow().UtcDateTime, ct)));
    }

    public async Task<OperationResult<ProjectSettingsDto>> UpdateSettingsAsync(AccessScope actor, long projectId, ProjectSettingsChange change, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(change, ct) is { } problems) return Operation.Invalid<ProjectSettingsDto>(problems);
        var found = await access.ProjectAsync(actor, projectId, Permission.ProjectWrite, ct, "Your role does not allow changing project settings.");
        if (found.Value is not { } project) return found.As<ProjectSettingsDto>();
        var errors = Problems(change, retention.Value.MaxEventDays);
        if (errors.Count > 0) return Operation.Invalid<ProjectSettingsDto>(errors);
        if (change.Name is { } newName) project.Name = newName.Trim();
        if (change.FingerprintRules is { } rules) project.FingerprintRules = Blank(rules);
        if (change.SensitiveFields is { } sensitive) project.SensitiveFields = Blank(sensitive);
        if (change.SafeFields is { } safe) project.SafeFields = Blank(safe);
        if (change.ScrubIpAddresses is { } scrubIps) project.ScrubIpAddresses = scrubIps;
        if (change.EventRetentionDays is { } days) project.EventRetentionDays = days;
        if (change.HandOffLocalVariables is { } handOff) project.HandOffLocalVariables = handOff;
        audit.Record("project.settings_changed", project.OrganizationId, target: project.Slug, details: new
        {
            name = change.Name is not null, fingerprintRules = change.FingerprintRules is not null,
            sensitiveFields = change.SensitiveFields is not null, safeFields = change.SafeFields is not null, change.ScrubIpAddresses, change.EventRetentionDays,
            change.HandOffLocalVariables,
        });
        await db.SaveChangesAsync(ct);
        return Operation.Ok(ProjectSettingsDto.From(project, retention.Value));
    }

    private static Dictionary<string, string[]> Problems(ProjectSettingsChange change, int maxRetentionDays)
    {
        const int maxRules = ProjectSettingsDto.MaxRulesLength, maxFields = ProjectSettingsDto.MaxFieldsLength;
        var errors = new Dictionary<string, string[]>();
        if (change.Name is { } name && (name.Trim().Length is 0 or > 200)) errors["name"] = ["a name has 1 to 200 characters"];
        if (change.EventRetentionDays is { } days && (days < 1 || days > maxRetentionDays))
            errors["eventRetentionDays"] = [$"events are kept 1 to {maxRetentionDays:N0} days on this server"];
        if (change.FingerprintRules is { Length: > maxRules } || change.SensitiveFields is { Length: > maxFields } || change.SafeFields is { Length: > maxFields })
            errors["length"] = [$"rules are at most {maxRules:N0} characters, field lists {maxFields:N0}"];
        // PostgreSQL refuses NUL in text: saved, it would fail every later write of the project.
        if (new[] { change.Name, change.FingerprintRules, change.SensitiveFields, change.SafeFields }.Any(s => s?.Contains('\0', StringComparison.Ordinal) == true))
            errors["text"] = ["settings cannot contain NUL characters"];
        var badRules = new List<string>();
        FingerprintRule.ParseAll(change.FingerprintRules, badRules);
        if (badRules.Count > 0)
            errors["fingerprintRules"] = [.. badRules.Take(20).Select(line => line.Length > FingerprintRule.MaxLineLength
                ? $"a rule is at most {FingerprintRule.MaxLineLength:N0} characters: {line.Truncate(80)}…"
                : $"not a rule (matchers -> fingerprint): {line}")];
        return errors;
    }

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
