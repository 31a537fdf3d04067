using System.ComponentModel.DataAnnotations;
using System.Globalization;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Ingestion;
using BugSage.Core.Projects;
using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>Projects the caller can see, and their DSN keys: create, change, rotate, revoke.</summary>
public static class ProjectsApi
{
    public sealed record ProjectDto(long Id, string Slug, string Name, long OrganizationId, string? Platform);

    public sealed record CreateProject([Required, MaxLength(200)] string Name, [MaxLength(64)] string? Platform, long? OrganizationId);

    public sealed record KeyDto(long Id, string PublicKey, string Dsn, int? RateLimitPerMinute, bool IsActive, string Label);

    public sealed record CreateKey([MaxLength(200)] string? Label, [Range(1, 10_000_000)] int? RateLimitPerMinute);

    public sealed record UpdateKey([MaxLength(200)] string? Label, [Range(0, 10_000_000)] int? RateLimitPerMinute, bool? IsActive);

    public static WebApplication MapProjectsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/projects").WithTags("Projects");
        group.MapGet("/", List).WithName("ListProjects").WithSummary("Projects of the caller's organizations");
        group.MapPost("/", Create).WithName("CreateProject").WithSummary("Create a project with its first DSN key");
        var keys = group.MapGroup("/{projectId:long}/keys");
        keys.MapGet("/", Keys).WithName("ListProjectKeys").WithSummary("A project's DSN keys");
        keys.MapPost("/", AddKey).WithName("CreateProjectKey").WithSummary("Create a DSN key");
        keys.MapPatch("/{keyId:long}", ChangeKey).WithName("UpdateProjectKey").WithSummary("Change a key's label, rate limit or state (0 removes the limit)");
        keys.MapPost("/{keyId:long}/rotate", RotateKey).WithName("RotateProjectKey").WithSummary("Replace a key with a new one; the old one stops working");
        keys.MapDelete("/{keyId:long}", RevokeKey).WithName("RevokeProjectKey").WithSummary("Revoke a key; SDKs using it are refused within seconds");
        return app;
    }

    private static async Task<Ok<Page<ProjectDto>>> List(AccessScope scope, int? limit, string? cursor, CancellationToken ct)
    {
        var take = Cursor.Limit(limit);
        var query = await scope.ProjectsAsync(ct);
        if (Cursor.TryDecode(cursor, out _, out var afterId)) query = query.Where(p => p.Id > afterId);
        var rows = await query.OrderBy(p => p.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Cursor.ToPage(rows, take, ToDto, p => Cursor.Encode("", p.Id)));
    }

    private static async Task<Results<Created<ProjectDto>, NotFound, ForbidHttpResult, ValidationProblem>> Create(
        CreateProject request, AccessScope scope, AppDbContext db, AuditLog audit, TimeProvider clock, Core.Alerts.DefaultAlertRules alertRules, CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        var orgId = request.OrganizationId ?? (roles.Count > 0 ? roles.Keys.Min() : 0);
        if (!roles.ContainsKey(orgId)) return TypedResults.NotFound();
        if (!await scope.CanAsync(orgId, Permission.ProjectWrite, ct)) return TypedResults.Forbid();
        var project = await CreateProjectAsync(db, audit, clock, alertRules, orgId, request.Name, request.Platform, ct);
        return TypedResults.Created($"/api/v1/projects/{project.Id}", ToDto(project));
    }

    /// <summary>A new project with a unique slug in its organization and its first DSN key; the caller has checked permission.</summary>
    internal static async Task<Project> CreateProjectAsync(AppDbContext db, AuditLog audit, TimeProvider clock, Core.Alerts.DefaultAlertRules alertRules, long orgId, string name, string? platform, CancellationToken ct)
    {
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
        return project;
    }

    private static async Task<Results<Ok<Page<KeyDto>>, NotFound>> Keys(
        long projectId, AccessScope scope, AppDbContext db, PublicUrl publicUrl, HttpRequest request, int? limit, string? cursor, CancellationToken ct)
    {
        if (!await scope.CanReadProjectAsync(projectId, ct)) return TypedResults.NotFound();
        var take = Cursor.Limit(limit);
        var query = db.ProjectKeys.AsNoTracking().Where(k => k.ProjectId == projectId);
        if (Cursor.TryDecode(cursor, out _, out var afterId)) query = query.Where(k => k.Id > afterId);
        var rows = await query.OrderBy(k => k.Id).Take(take + 1).ToListAsync(ct);
        var baseUrl = publicUrl.Resolve(request);
        return TypedResults.Ok(Cursor.ToPage(rows, take, k => ToDto(k, baseUrl), k => Cursor.Encode(k.Id.ToString(CultureInfo.InvariantCulture), k.Id)));
    }

    private static async Task<Results<Created<KeyDto>, NotFound, ForbidHttpResult>> AddKey(
        long projectId, CreateKey body, AccessScope scope, AppDbContext db, AuditLog audit, PublicUrl publicUrl, HttpRequest request, TimeProvider clock, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.ProjectWrite, ct)) return TypedResults.Forbid();
        var key = new ProjectKey
        {
            ProjectId = projectId,
            PublicKey = ProjectKeys.NewPublicKey(),
            Label = body.Label?.Trim() is { Length: > 0 } label ? label : "Default",
            RateLimitPerMinute = body.RateLimitPerMinute,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ProjectKeys.Add(key);
        audit.Record("key.created", project.OrganizationId, target: $"{project.Slug}/{key.Label}", details: new { key.PublicKey, key.RateLimitPerMinute });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/projects/{projectId}/keys/{key.Id}", ToDto(key, publicUrl.Resolve(request)));
    }

    private static async Task<Results<Ok<KeyDto>, NotFound, ForbidHttpResult>> ChangeKey(
        long projectId, long keyId, UpdateKey body, AccessScope scope, AppDbContext db, AuditLog audit, ProjectKeyCache cache,
        PublicUrl publicUrl, HttpRequest request, CancellationToken ct)
    {
        var (access, project, key) = await FindKeyAsync(projectId, keyId, scope, db, ct);
        if (access != KeyAccess.Allowed) return access == KeyAccess.Forbidden ? TypedResults.Forbid() : TypedResults.NotFound();
        if (body.Label is { } label) key!.Label = label.Trim();
        if (body.RateLimitPerMinute is { } limit) key!.RateLimitPerMinute = limit == 0 ? null : limit;
        if (body.IsActive is { } active) key!.IsActive = active;
        audit.Record("key.updated", project!.OrganizationId, target: $"{project.Slug}/{key!.Label}", details: new { key.PublicKey, body.RateLimitPerMinute, body.IsActive });
        await db.SaveChangesAsync(ct);
        cache.Invalidate(key.PublicKey);
        return TypedResults.Ok(ToDto(key, publicUrl.Resolve(request)));
    }

    private static async Task<Results<Ok<KeyDto>, NotFound, ForbidHttpResult>> RotateKey(
        long projectId, long keyId, AccessScope scope, AppDbContext db, AuditLog audit, ProjectKeyCache cache,
        PublicUrl publicUrl, HttpRequest request, TimeProvider clock, CancellationToken ct)
    {
        var (access, project, key) = await FindKeyAsync(projectId, keyId, scope, db, ct);
        if (access != KeyAccess.Allowed) return access == KeyAccess.Forbidden ? TypedResults.Forbid() : TypedResults.NotFound();
        var replacement = await RotateAsync(db, audit, cache, clock, project!, key!, ct);
        return TypedResults.Ok(ToDto(replacement, publicUrl.Resolve(request)));
    }

    /// <summary>Deactivates a key and issues its replacement with the same label and limit; the caller has checked permission.</summary>
    internal static async Task<ProjectKey> RotateAsync(AppDbContext db, AuditLog audit, ProjectKeyCache cache, TimeProvider clock, Project project, ProjectKey key, CancellationToken ct)
    {
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
        cache.Invalidate(key.PublicKey);
        return replacement;
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> RevokeKey(
        long projectId, long keyId, AccessScope scope, AppDbContext db, AuditLog audit, ProjectKeyCache cache, CancellationToken ct)
    {
        var (access, project, key) = await FindKeyAsync(projectId, keyId, scope, db, ct);
        if (access != KeyAccess.Allowed) return access == KeyAccess.Forbidden ? TypedResults.Forbid() : TypedResults.NotFound();
        await RevokeAsync(db, audit, cache, project!, key!, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Stops a key; every node refuses it once its key cache entry lapses (seconds). The caller has checked permission.</summary>
    internal static async Task RevokeAsync(AppDbContext db, AuditLog audit, ProjectKeyCache cache, Project project, ProjectKey key, CancellationToken ct)
    {
        key.IsActive = false;
        audit.Record("key.revoked", project.OrganizationId, target: $"{project.Slug}/{key.Label}", details: new { key.PublicKey });
        await db.SaveChangesAsync(ct);
        cache.Invalidate(key.PublicKey);
    }

    internal enum KeyAccess { Allowed, NotFound, Forbidden }

    /// <summary>A key of a project the caller can manage; otherwise why not (404 outside the tenant, 403 inside).</summary>
    internal static async Task<(KeyAccess Access, Project? Project, ProjectKey? Key)> FindKeyAsync(
        long projectId, long keyId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        var key = project is null ? null : await db.ProjectKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.ProjectId == projectId, ct);
        if (project is null || key is null) return (KeyAccess.NotFound, null, null);
        if (!await scope.CanAsync(project.OrganizationId, Permission.ProjectWrite, ct)) return (KeyAccess.Forbidden, null, null);
        return (KeyAccess.Allowed, project, key);
    }

    private static ProjectDto ToDto(Project p) => new(p.Id, p.Slug, p.Name, p.OrganizationId, p.Platform);

    private static KeyDto ToDto(ProjectKey k, Uri baseUrl) =>
        new(k.Id, k.PublicKey, ProjectKeys.Dsn(baseUrl, k.PublicKey, k.ProjectId), k.RateLimitPerMinute, k.IsActive, k.Label);
}
