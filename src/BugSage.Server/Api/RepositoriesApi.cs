using BugSage.Server.Auth;
using BugSage.Server.Hosting;
using BugSage.Server.Operations;
using BugSage.Server.Repositories;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="RepositoryOperations"/>: source repositories linked to a project.</summary>
public static class RepositoriesApi
{
    public static IEndpointRouteBuilder MapRepositoriesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects/{projectId:long}/repositories").WithTags("Analysis");
        group.MapGet("/", List).WithName("ListRepositories").WithSummary("The project's linked source repositories");
        group.MapPost("/", Create).WithName("LinkRepository")
            .WithSummary("Link a repository: a git URL (cloned on first use) or, for server admins, a server path below an allowed root");
        group.MapPatch("/{repositoryId:long}", Change).WithName("ChangeRepository").WithSummary("Set or remove the push token and webhook secret; change the restore, build and test commands");
        group.MapDelete("/{repositoryId:long}", Delete).WithName("UnlinkRepository").WithSummary("Unlink a repository");
        return app;
    }

    /// <summary>What a handler uses beside its input: the repositories, and where this server is reached for the webhook address.</summary>
    private sealed record Services(AccessScope Actor, RepositoryOperations Repositories, PublicUrl PublicUrl, HttpRequest Request)
    {
        public Uri BaseUrl => PublicUrl.Resolve(Request);
    }

    private static async Task<OperationAnswer<List<RepositoryDto>>> List(long projectId, [AsParameters] Services s, CancellationToken ct) =>
        (await s.Repositories.ListAsync(s.Actor, projectId, s.BaseUrl, ct)).ToHttp();

    private static async Task<IResult> Create(long projectId, RepositoryRequest request, [AsParameters] Services s, CancellationToken ct) =>
        (await s.Repositories.CreateAsync(s.Actor, projectId, request, s.BaseUrl, ct)).ToHttp(r => $"/api/v1/projects/{projectId}/repositories/{r.Id}");

    private static async Task<IResult> Change(long projectId, long repositoryId, RepositoryChange change, [AsParameters] Services s, CancellationToken ct) =>
        (await s.Repositories.ChangeAsync(s.Actor, projectId, repositoryId, change, s.BaseUrl, ct)).ToHttp();

    private static async Task<IResult> Delete(long projectId, long repositoryId, AccessScope actor, RepositoryOperations repositories, CancellationToken ct) =>
        (await repositories.DeleteAsync(actor, projectId, repositoryId, ct)).ToNoContent();
}
