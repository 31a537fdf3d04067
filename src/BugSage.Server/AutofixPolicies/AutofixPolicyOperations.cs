using System.Text.Json;
using System.Text.Json.Serialization;
using BugSage.Core.Accounts;
using BugSage.Core.Analysis;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.AutofixPolicies;

public sealed record PolicyDto(long OrganizationId, bool IsDefault, int Version, AutofixPolicy Policy)
{
    /// <summary>The version as an HTTP entity tag, which a change must name (If-Match).</summary>
    [JsonIgnore]
    public string ETag => AutofixPolicyOperations.ETag(Version);
}

/// <summary>
/// An organization's autofix policy: defaults until one is stored; members read it, admins change
/// it, naming the version they read so that two admins cannot overwrite each other unknowingly.
/// </summary>
public sealed class AutofixPolicyOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, TimeProvider clock, AutoAnalysis automatic)
{
    /// <summary>Agents every organization has; its configured models join them (<see cref="AgentsAsync"/>).</summary>
    public static readonly string[] BuiltInAgents = [Core.Analysis.Offline.OfflineEngine.Name];

    public static string ETag(int version) => $"\"v{version}\"";

    /// <summary>The policy of the organization named, or of the actor's first.</summary>
    public async Task<OperationResult<PolicyDto>> GetAsync(AccessScope actor, long? organizationId, CancellationToken ct)
    {
        var org = await access.OrganizationOrFirstAsync(actor, organizationId, ct);
        if (!org.Succeeded) return org.As<PolicyDto>();
        var stored = await db.AutofixPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == org.Value, ct);
        return Operation.Ok(new PolicyDto(org.Value, stored is null, stored?.Version ?? 0, AutofixPolicy.Of(stored)));
    }

    /// <summary>The agents a policy of the organization may enable: the offline engine and every configured model.</summary>
    public async Task<OperationResult<List<string>>> AgentsAsync(AccessScope actor, long orgId, CancellationToken ct)
    {
        var member = await access.OrganizationAsync(actor, orgId, Permission.None, ct);
        return member.Succeeded ? Operation.Ok(await AgentsOfAsync(orgId, ct)) : member.As<List<string>>();
    }

    /// <summary>
    /// Replaces the policy when <paramref name="ifMatch"/> names its current version (the API's
    /// If-Match header, the dashboard form's hidden version): admins only, validated, audited.
    /// </summary>
    public async Task<OperationResult<PolicyDto>> SaveAsync(AccessScope actor, long? organizationId, AutofixPolicy policy, string ifMatch, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(policy, ct) is { } problems) return Operation.Invalid<PolicyDto>(problems);
        var org = await access.OrganizationOrFirstAsync(actor, organizationId, ct);
        if (!org.Succeeded) return org.As<PolicyDto>();
        var orgId = org.Value;
        var admin = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct, "Only admins and owners change the autofix policy");
        if (!admin.Succeeded) return admin.As<PolicyDto>();
        if (ifMatch.Length == 0)
            return Operation.Refused<PolicyDto>(OperationStatus.PreconditionRequired, "If-Match is required",
                "Send the ETag of the policy you read, so that no one else's change is overwritten.");
        var errors = policy.Validate(await AgentsOfAsync(orgId, ct));
        if (errors.Count > 0) return Operation.Invalid<PolicyDto>(errors);
        var conflicts = policy.Conflicts();
        if (conflicts.Count > 0) return Operation.Invalid<PolicyDto>(conflicts, OperationStatus.Unprocessable, "Conflicting settings");

        var stored = await db.AutofixPolicies.FirstOrDefaultAsync(p => p.OrganizationId == orgId, ct);
        var current = stored?.Version ?? 0;
        if (ifMatch != ETag(current) && ifMatch != "*")
            return Stale($"Its ETag is now {ETag(current)}; read it again and reapply your change.");
        var json = JsonSerializer.Serialize(policy, AnalysisWorker.Json);
        var now = clock.GetUtcNow().UtcDateTime;
        var by = actor.Label;
        int written;
        try
        {
            written = stored is null
                ? await InsertAsync(new StoredAutofixPolicy { OrganizationId = orgId, Policy = json, Version = 1, UpdatedAt = now, UpdatedBy = by }, ct)
                : await db.AutofixPolicies.Where(p => p.OrganizationId == orgId && p.Version == current)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Policy, json).SetProperty(p => p.Version, current + 1)
                        .SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.UpdatedBy, by), ct);
        }
        catch (DbUpdateException)
        {
            written = 0; // another admin stored the first version at the same moment
        }
        if (written == 0) return Stale("Read it again and reapply your change.");
        audit.Record("autofix_policy.changed", orgId, target: "autofix-policy", details: policy);
        await db.SaveChangesAsync(ct);
        automatic.PolicyChanged();
        return Operation.Ok(new PolicyDto(orgId, false, current + 1, policy));
    }

    private static OperationResult<PolicyDto> Stale(string detail) =>
        Operation.Refused<PolicyDto>(OperationStatus.PreconditionFailed, "The policy changed since you read it", detail);

    private async Task<List<string>> AgentsOfAsync(long orgId, CancellationToken ct) =>
        [.. BuiltInAgents, .. await db.AiModels.AsNoTracking().Where(m => m.OrganizationId == orgId).Select(m => m.Name).ToListAsync(ct)];

    private async Task<int> InsertAsync(StoredAutofixPolicy row, CancellationToken ct)
    {
        db.AutofixPolicies.Add(row);
        await db.SaveChangesAsync(ct);
        return 1;
    }
}
