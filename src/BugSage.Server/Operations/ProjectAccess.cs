using BugSage.Core.Accounts;
using BugSage.Core.Projects;
using BugSage.Server.Auth;

namespace BugSage.Server.Operations;

/// <summary>
/// The access gate operations share: the project if the acting principal may do <c>needed</c> in
/// it; not found outside their organizations, forbidden inside them without the permission.
/// </summary>
public static class ProjectAccess
{
    public static async Task<(Project? Project, OperationStatus Refusal)> CheckAsync(AccessScope actor, long projectId, Permission needed, CancellationToken ct)
    {
        var project = await actor.ProjectAsync(projectId, ct);
        if (project is null) return (null, OperationStatus.NotFound);
        if (!await actor.CanAsync(project.OrganizationId, needed, ct)) return (null, OperationStatus.Forbidden);
        return (project, OperationStatus.Ok);
    }
}
