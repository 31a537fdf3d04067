using System.Globalization;
using BugSage.Core.Data;
using BugSage.Core.Projects;
using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>Projects the caller can see and their DSN keys.</summary>
public static class ProjectsApi
{
    public sealed record ProjectDto(long Id, string Slug, string Name, long OrganizationId, string? Platform);

    public sealed record KeyDto(long Id, string PublicKey, string Dsn, int? RateLimitPerMinute, bool IsActive, string Label);

    public static WebApplication MapProjectsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/projects").WithTags("Projects");
        group.MapGet("/", List).WithName("ListProjects").WithSummary("Projects of the caller's organizations");
        group.MapGet("/{projectId:long}/keys", Keys).WithName("ListProjectKeys").WithSummary("A project's DSN keys");
        return app;
    }

    private static async Task<Ok<Page<ProjectDto>>> List(AccessScope scope, int? limit, string? cursor, CancellationToken ct)
    {
        var take = Cursor.Limit(limit);
        var query = await scope.ProjectsAsync(ct);
        if (Cursor.TryDecode(cursor, out _, out var afterId)) query = query.Where(p => p.Id > afterId);
        var rows = await query.OrderBy(p => p.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Cursor.ToPage(rows, take,
            p => new ProjectDto(p.Id, p.Slug, p.Name, p.OrganizationId, p.Platform),
            p => Cursor.Encode("", p.Id)));
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
        return TypedResults.Ok(Cursor.ToPage(rows, take,
            k => new KeyDto(k.Id, k.PublicKey, ProjectKeys.Dsn(baseUrl, k.PublicKey, k.ProjectId), k.RateLimitPerMinute, k.IsActive, k.Label),
            k => Cursor.Encode(k.Id.ToString(CultureInfo.InvariantCulture), k.Id)));
    }
}
