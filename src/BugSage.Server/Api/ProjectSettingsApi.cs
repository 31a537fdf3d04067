using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using BugSage.Server.Operations;
using BugSage.Server.Projects;

namespace BugSage.Server.Api;

/// <summary>REST adapter for a project's own settings: its name, fingerprint rules and data scrubbing.</summary>
public static class ProjectSettingsApi
{
    public static IEndpointRouteBuilder MapProjectSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects/{projectId:long}").WithTags("Projects");
        group.MapGet("/", Get).WithName("GetProject").WithSummary("A project with its fingerprint rules and scrubbing settings").WithETag();
        group.MapPatch("/", Update).WithName("UpdateProject").WithSummary("Change a project's name, fingerprint rules or scrubbing settings");
        return app;
    }

    private static async Task<OperationAnswer<ProjectSettingsDto>> Get(long projectId, AccessScope actor, ProjectOperations projects, CancellationToken ct) =>
        (await projects.GetAsync(actor, projectId, ct)).ToHttp();

    private static async Task<IResult> Update(long projectId, ProjectSettingsChange change, AccessScope actor, ProjectOperations projects, CancellationToken ct) =>
        (await projects.UpdateSettingsAsync(actor, projectId, change, ct)).ToHttp();
}
