using System.Security.Claims;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Auth;

/// <summary>
/// What the caller may see: the organizations they are a member of and those organizations'
/// projects. Anything outside answers 404, never 403, so ids do not leak across tenants.
/// </summary>
public sealed class AccessScope(AppDbContext db, IHttpContextAccessor http)
{
    private long[]? organizationIds;

    public long UserId =>
        long.TryParse(http.HttpContext?.User.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
            ? id
            : throw new InvalidOperationException("No authenticated user.");

    public async Task<long[]> OrganizationIdsAsync(CancellationToken ct) =>
        organizationIds ??= await db.Memberships.AsNoTracking().Where(m => m.UserId == UserId).Select(m => m.OrganizationId).ToArrayAsync(ct);

    /// <summary>The projects the caller can read, as a query to compose.</summary>
    public async Task<IQueryable<Core.Projects.Project>> ProjectsAsync(CancellationToken ct)
    {
        var orgs = await OrganizationIdsAsync(ct);
        return db.Projects.AsNoTracking().Where(p => orgs.Contains(p.OrganizationId));
    }

    public async Task<bool> CanReadProjectAsync(long projectId, CancellationToken ct) =>
        await (await ProjectsAsync(ct)).AnyAsync(p => p.Id == projectId, ct);
}
