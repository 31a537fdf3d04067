using System.Globalization;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Ingestion;
using BugSage.Core.Projects;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Projects;

/// <summary>
/// A project's DSN keys: readers list them; admins (project:write) create, change, rotate and
/// revoke them. Every node refuses a stopped key once its cache entry lapses (seconds).
/// <c>baseUrl</c> is where this server is reached, for the DSNs shown.
/// </summary>
public sealed class ProjectKeyOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, ProjectKeyCache cache, TimeProvider clock)
{
    private const string NoKeys = "Your role does not allow managing keys.";

    public async Task<OperationResult<Page<KeyDto>>> ListAsync(AccessScope actor, long projectId, Uri baseUrl, int? limit, string? cursor, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        if (!project.Succeeded) return project.As<Page<KeyDto>>();
        var take = Cursor.Limit(limit);
        var query = db.ProjectKeys.AsNoTracking().Where(k => k.ProjectId == projectId);
        if (Cursor.TryDecode(cursor, out _, out var afterId)) query = query.Where(k => k.Id > afterId);
        var rows = await query.OrderBy(k => k.Id).Take(take + 1).ToListAsync(ct);
        return Operation.Ok(Cursor.ToPage(rows, take, k => KeyDto.From(k, baseUrl), k => Cursor.Encode(k.Id.ToString(CultureInfo.InvariantCulture), k.Id)));
    }

    /// <summary>Every key of a project, active ones first, for its settings page.</summary>
    public async Task<OperationResult<List<ProjectKey>>> AllAsync(AccessScope actor, long projectId, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        if (!project.Succeeded) return project.As<List<ProjectKey>>();
        return Operation.Ok(await db.ProjectKeys.AsNoTracking().Where(k => k.ProjectId == projectId).OrderByDescending(k => k.IsActive).ThenBy(k => k.Id).ToListAsync(ct));
    }

    public async Task<OperationResult<KeyDto>> CreateAsync(AccessScope actor, long projectId, CreateKey request, Uri baseUrl, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<KeyDto>(problems);
        var found = await access.ProjectAsync(actor, projectId, Permission.ProjectWrite, ct);
        if (found.Value is not { } project) return found.As<KeyDto>();
        var key = new ProjectKey
        {
            ProjectId = projectId,
            PublicKey = ProjectKeys.NewPublicKey(),
            Label = request.Label?.Trim() is { Length: > 0 } label ? label : "Default",
            RateLimitPerMinute = request.RateLimitPerMinute,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ProjectKeys.Add(key);
        audit.Record("key.created", project.OrganizationId, target: $"{project.Slug}/{key.Label}", details: new { key.PublicKey, key.RateLimitPerMinute });
        await db.SaveChangesAsync(ct);
        return Operation.Created(KeyDto.From(key, baseUrl));
    }

    public async Task<OperationResult<KeyDto>> ChangeAsync(AccessScope actor, long projectId, long keyId, UpdateKey change, Uri baseUrl, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(change, ct) is { } problems) return Operation.Invalid<KeyDto>(problems);
        var found = await FindAsync(actor, projectId, keyId, ct);
        if (found.Value is not { } pair) return found.As<KeyDto>();
        var (project, key) = pair;
        if (change.Label is { } label) key.Label = label.Trim();
        if (change.RateLimitPerMinute is { } limit) key.RateLimitPerMinute = limit == 0 ? null : limit;
        if (change.IsActive is { } active) key.IsActive = active;
        audit.Record("key.updated", project.OrganizationId, target: $"{project.Slug}/{key.Label}", details: new { key.PublicKey, change.RateLimitPerMinute, change.IsActive });
        await db.SaveChangesAsync(ct);
        await cache.ForgetAsync(key.PublicKey);
        return Operation.Ok(KeyDto.From(key, baseUrl));
    }

    /// <summary>Deactivates a key and issues its replacement with the same label and limit.</summary>
    public async Task<OperationResult<KeyDto>> RotateAsync(AccessScope actor, long projectId, long keyId, Uri baseUrl, CancellationToken ct)
    {
        var found = await FindAsync(actor, projectId, keyId, ct);
        if (found.Value is not { } pair) return found.As<KeyDto>();
        var (project, key) = pair;
        key.IsActive = false;
        var replacement = new ProjectKey
        {
            ProjectId = project.Id,
            PublicKey = ProjectKeys.NewPublicKey(),
            Label = key.Label,
            RateLimitPerMinute = key.RateLimitPerMinute,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ProjectKeys.Add(replacement);
        audit.Record("key.rotated", project.OrganizationId, target: $"{project.Slug}/{key.Label}", details: new { from = key.PublicKey, to = replacement.PublicKey });
        await db.SaveChangesAsync(ct);
        await cache.ForgetAsync(key.PublicKey);
        return Operation.Ok(KeyDto.From(replacement, baseUrl));
    }

    public async Task<OperationResult<bool>> RevokeAsync(AccessScope actor, long projectId, long keyId, CancellationToken ct)
    {
        var found = await FindAsync(actor, projectId, keyId, ct);
        if (found.Value is not { } pair) return found.As<bool>();
        var (project, key) = pair;
        key.IsActive = false;
        audit.Record("key.revoked", project.OrganizationId, target: $"{project.Slug}/{key.Label}", details: new { key.PublicKey });
        await db.SaveChangesAsync(ct);
        await cache.ForgetAsync(key.PublicKey);
        return Operation.Ok(true);
    }

    /// <summary>A key of a project the actor may manage: not found outside the tenant or when absent, forbidden inside without the permission.</summary>
    private async Task<OperationResult<(Project Project, ProjectKey Key)?>> FindAsync(AccessScope actor, long projectId, long keyId, CancellationToken ct)
    {
        var readable = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        var key = readable.Value is null ? null : await db.ProjectKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.ProjectId == projectId, ct);
        if (readable.Value is not { } project || key is null) return Operation.NotFound<(Project, ProjectKey)?>();
        var allowed = await access.RequireAsync(actor, project.OrganizationId, Permission.ProjectWrite, NoKeys, ct);
        return allowed.Succeeded ? Operation.Ok<(Project, ProjectKey)?>((project, key)) : allowed.As<(Project, ProjectKey)?>();
    }
}
