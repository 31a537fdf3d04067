using System.Security.Claims;
using System.Text.Json;
using BugSage.Core.Accounts;
using BugSage.Core.Analysis;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Api;

/// <summary>
/// An organization's autofix policy: defaults until one is stored; changed by admins only,
/// with <c>If-Match</c> on the ETag so that two admins cannot overwrite each other unknowingly.
/// </summary>
public static class AutofixPolicyApi
{
    /// <summary>Agents every organization has; its configured models join them (<see cref="AiModelsApi.AgentsAsync"/>).</summary>
    public static readonly string[] BuiltInAgents = [OfflineAgent];

    private const string OfflineAgent = Core.Analysis.Offline.OfflineEngine.Name;

    public sealed record PolicyDto(long OrganizationId, bool IsDefault, int Version, AutofixPolicy Policy);

    public static WebApplication MapAutofixPolicyApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/config/autofix-policy").WithTags("Analysis");
        group.MapGet("/", Get).WithName("GetAutofixPolicy").WithSummary("The organization's autofix policy (?organizationId=, default the caller's first), with its ETag");
        group.MapPut("/", Put).WithName("PutAutofixPolicy").WithSummary("Replace the policy: admins only, If-Match required; 412 when stale, 422 on conflicting settings");
        return app;
    }

    private static async Task<IResult> Get(long? organizationId, AccessScope scope, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        if (await OrganizationOf(organizationId, scope, ct) is not { } orgId) return TypedResults.NotFound();
        var stored = await db.AutofixPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == orgId, ct);
        var version = stored?.Version ?? 0;
        http.Response.Headers.ETag = ETag(version);
        return TypedResults.Ok(new PolicyDto(orgId, stored is null, version, AutofixPolicy.Of(stored)));
    }

    private static async Task<IResult> Put(long? organizationId, AutofixPolicy policy, AccessScope scope, AppDbContext db, AuditLog audit,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await OrganizationOf(organizationId, scope, ct) is not { } orgId) return TypedResults.NotFound();
        var result = await SaveAsync(orgId, policy, http.Request.Headers.IfMatch.ToString(), scope, db, audit, clock, http.User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "unknown", ct);
        if (result is Microsoft.AspNetCore.Http.HttpResults.Ok<PolicyDto> { Value: { } saved }) http.Response.Headers.ETag = ETag(saved.Version);
        return result;
    }

    /// <summary>
    /// Replaces an organization's policy when <paramref name="ifMatch"/> names its current version
    /// (the API's If-Match header, the dashboard form's hidden version): admins only, validated,
    /// audited. The dashboard's form uses it too.
    /// </summary>
    internal static async Task<IResult> SaveAsync(long orgId, AutofixPolicy policy, string ifMatch, AccessScope scope, AppDbContext db, AuditLog audit,
        TimeProvider clock, string by, CancellationToken ct)
    {
        if (!await scope.CanAsync(orgId, Permission.OrgAdmin, ct))
            return TypedResults.Problem(title: "Only admins and owners change the autofix policy", statusCode: StatusCodes.Status403Forbidden);
        if (ifMatch.Length == 0)
            return TypedResults.Problem(title: "If-Match is required", detail: "Send the ETag of the policy you read, so that no one else's change is overwritten.", statusCode: StatusCodes.Status428PreconditionRequired);
        var errors = policy.Validate(await AiModelsApi.AgentsAsync(db, orgId, ct));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var conflicts = policy.Conflicts();
        if (conflicts.Count > 0) return Results.ValidationProblem(conflicts, title: "Conflicting settings", statusCode: StatusCodes.Status422UnprocessableEntity);

        var stored = await db.AutofixPolicies.FirstOrDefaultAsync(p => p.OrganizationId == orgId, ct);
        var current = stored?.Version ?? 0;
        if (ifMatch != ETag(current) && ifMatch != "*")
            return TypedResults.Problem(title: "The policy changed since you read it", detail: $"Its ETag is now {ETag(current)}; read it again and reapply your change.", statusCode: StatusCodes.Status412PreconditionFailed);
        var json = JsonSerializer.Serialize(policy, AnalysisWorker.Json);
        var now = clock.GetUtcNow().UtcDateTime;
        int written;
        try
        {
            written = stored is null
                ? await InsertAsync(db, new StoredAutofixPolicy { OrganizationId = orgId, Policy = json, Version = 1, UpdatedAt = now, UpdatedBy = by }, ct)
                : await db.AutofixPolicies.Where(p => p.OrganizationId == orgId && p.Version == current)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Policy, json).SetProperty(p => p.Version, current + 1)
                        .SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.UpdatedBy, by), ct);
        }
        catch (DbUpdateException)
        {
            written = 0; // another admin stored the first version at the same moment
        }
        if (written == 0)
            return TypedResults.Problem(title: "The policy changed since you read it", detail: "Read it again and reapply your change.", statusCode: StatusCodes.Status412PreconditionFailed);
        audit.Record("autofix_policy.changed", orgId, target: "autofix-policy", details: policy);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new PolicyDto(orgId, false, current + 1, policy));
    }

    private static async Task<int> InsertAsync(AppDbContext db, StoredAutofixPolicy row, CancellationToken ct)
    {
        db.AutofixPolicies.Add(row);
        await db.SaveChangesAsync(ct);
        return 1;
    }

    /// <summary>The organization asked for, or the caller's first; null outside the caller's organizations.</summary>
    private static async Task<long?> OrganizationOf(long? organizationId, AccessScope scope, CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        if (organizationId is { } id) return roles.ContainsKey(id) ? id : null;
        return roles.Count > 0 ? roles.Keys.Min() : null;
    }


    internal static string ETag(int version) => $"\"v{version}\"";
}
