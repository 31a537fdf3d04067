using System.Security.Claims;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Auth;

/// <summary>
/// What the caller may see and do: their roles in their organizations, narrowed by the scopes
/// of the API token they used, if any. Anything outside their organizations answers 404, never
/// 403, so ids do not leak across tenants; 403 is for a member lacking a permission.
/// </summary>
public sealed class AccessScope(AppDbContext db, IHttpContextAccessor http)
{
    public const string ScopeClaim = "scope";
    public const string SessionClaim = "sid";
    private Dictionary<long, string>? roles;
    private bool? serverAdmin;

    private ClaimsPrincipal User => http.HttpContext?.User ?? throw new InvalidOperationException("No request.");

    public long UserId =>
        long.TryParse(User.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
            ? id
            : throw new InvalidOperationException("No authenticated user.");

    /// <summary>How audit entries and issue activity name the caller: their email, as signed in.</summary>
    public string Label => User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "unknown";

    /// <summary>The caller as an issue's activity records them.</summary>
    public Core.Issues.Actor ForActivity() => new(UserId, Label);

    /// <summary>
    /// The account a request is signed in as (a sign-in's access token or a dashboard session), if any.
    /// Never an API token: accepting an invitation answers with a full session, which a narrow token must not become.
    /// </summary>
    public static long? SignedInUserId(ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true } identity && identity.AuthenticationType != BearerAuthenticationHandler.ApiTokenType
        && long.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var id) ? id : null;

    /// <summary>The API token in use, so that what it did can be traced to it; null when signed in with a password.</summary>
    public long? TokenId => User.Identity?.AuthenticationType == BearerAuthenticationHandler.ApiTokenType
        && long.TryParse(User.FindFirstValue(ApiTokenValidator.TokenIdClaim), out var id) ? id : null;

    /// <summary>The sign-in session (refresh token family) behind the access token, if any.</summary>
    public string? SessionId => User.FindFirstValue(SessionClaim);

    /// <summary>The scopes of the API token in use; null when signed in with a password.</summary>
    public IReadOnlyList<string>? Scopes => User.Identity?.AuthenticationType == BearerAuthenticationHandler.ApiTokenType
        ? User.FindAll(ScopeClaim).Select(c => c.Value).ToList()
        : null;

    /// <summary>
    /// Whether the caller holds the instance-level server admin role. Only a signed-in person
    /// exercises it: an API token never carries server-admin powers, whatever its owner holds.
    /// </summary>
    public async Task<bool> IsServerAdminAsync(CancellationToken ct) =>
        Scopes is null && (serverAdmin ??= await db.Users.AsNoTracking().AnyAsync(u => u.Id == UserId && u.IsServerAdmin, ct));

    public async Task<IReadOnlyDictionary<long, string>> RolesAsync(CancellationToken ct) =>
        roles ??= await db.Memberships.AsNoTracking().Where(m => m.UserId == UserId).ToDictionaryAsync(m => m.OrganizationId, m => m.Role, ct);

    public async Task<Permission> PermissionsAsync(long organizationId, CancellationToken ct) =>
        (await RolesAsync(ct)).TryGetValue(organizationId, out var role)
            ? RolePermissions.For(role) & RolePermissions.ForScopes(Scopes)
            : Permission.None;

    public async Task<bool> CanAsync(long organizationId, Permission permission, CancellationToken ct) =>
        (await PermissionsAsync(organizationId, ct) & permission) == permission;

    public async Task<bool> IsMemberAsync(long organizationId, CancellationToken ct) =>
        (await RolesAsync(ct)).ContainsKey(organizationId);

    /// <summary>
    /// The projects the caller can read, as a query to compose. Deliberately tracking: an
    /// AsNoTracking anywhere in a composed query would silently stop changes from being saved.
    /// </summary>
    public async Task<IQueryable<Project>> ProjectsAsync(CancellationToken ct)
    {
        var readable = new List<long>();
        foreach (var orgId in (await RolesAsync(ct)).Keys)
            if (await CanAsync(orgId, Permission.ProjectRead, ct)) readable.Add(orgId);
        return db.Projects.Where(p => readable.Contains(p.OrganizationId));
    }

    public async Task<Project?> ProjectAsync(long projectId, CancellationToken ct) =>
        await (await ProjectsAsync(ct)).FirstOrDefaultAsync(p => p.Id == projectId, ct);

    public async Task<bool> CanReadProjectAsync(long projectId, CancellationToken ct) => await ProjectAsync(projectId, ct) is not null;
}
