using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using BugSage.Server.Operations;
using BugSage.Server.Projects;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="ProjectOperations"/> and <see cref="ProjectKeyOperations"/>: projects and their DSN keys.</summary>
public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
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

    /// <summary>What a key handler uses beside its input: the keys, and where this server is reached for the DSNs.</summary>
    private sealed record KeyServices(AccessScope Actor, ProjectKeyOperations Keys, PublicUrl PublicUrl, HttpRequest Request)
    {
        public Uri BaseUrl => PublicUrl.Resolve(Request);
    }

    private static async Task<OperationAnswer<Page<ProjectDto>>> List(int? limit, string? cursor, AccessScope actor, ProjectOperations projects, CancellationToken ct) =>
        (await projects.ListAsync(actor, limit, cursor, ct)).ToHttp();

    private static async Task<IResult> Create(CreateProject request, AccessScope actor, ProjectOperations projects, CancellationToken ct) =>
        (await projects.CreateAsync(actor, request.OrganizationId, request.Name, request.Platform, ct)).ToHttp(p => $"/api/v1/projects/{p.Id}");

    private static async Task<OperationAnswer<Page<KeyDto>>> Keys(long projectId, int? limit, string? cursor, [AsParameters] KeyServices s, CancellationToken ct) =>
        (await s.Keys.ListAsync(s.Actor, projectId, s.BaseUrl, limit, cursor, ct)).ToHttp();

    private static async Task<IResult> AddKey(long projectId, CreateKey body, [AsParameters] KeyServices s, CancellationToken ct) =>
        (await s.Keys.CreateAsync(s.Actor, projectId, body, s.BaseUrl, ct)).ToHttp(k => $"/api/v1/projects/{projectId}/keys/{k.Id}");

    private static async Task<IResult> ChangeKey(long projectId, long keyId, UpdateKey body, [AsParameters] KeyServices s, CancellationToken ct) =>
        (await s.Keys.ChangeAsync(s.Actor, projectId, keyId, body, s.BaseUrl, ct)).ToHttp();

    private static async Task<IResult> RotateKey(long projectId, long keyId, [AsParameters] KeyServices s, CancellationToken ct) =>
        (await s.Keys.RotateAsync(s.Actor, projectId, keyId, s.BaseUrl, ct)).ToHttp();

    private static async Task<IResult> RevokeKey(long projectId, long keyId, AccessScope actor, ProjectKeyOperations keys, CancellationToken ct) =>
        (await keys.RevokeAsync(actor, projectId, keyId, ct)).ToNoContent();
}
