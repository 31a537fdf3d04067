using BugSage.Core.Accounts;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Data;
using BugSage.Core.Outbound;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using BugSage.Server.AutofixPolicies;
using BugSage.Server.Operations;
using BugSage.Server.OrganizationStats;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.AiModels;

/// <summary>
/// The chat models an organization's analyses use, in fallback order. Members see them (never
/// their keys); admins add, change and remove them. Keys are encrypted at rest.
/// </summary>
public sealed class AiModelOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, SecretProtector secrets, OutboundPolicy outbound, AuditLog audit, StatsCache stats, TimeProvider clock)
{
    private const string NotAdmin = "Only admins and owners configure models";

    public async Task<OperationResult<List<AiModelDto>>> ListAsync(AccessScope actor, long orgId, CancellationToken ct)
    {
        var member = await access.OrganizationAsync(actor, orgId, Permission.None, ct);
        if (!member.Succeeded) return member.As<List<AiModelDto>>();
        var models = await db.AiModels.AsNoTracking().Where(m => m.OrganizationId == orgId).OrderBy(m => m.Priority).ThenBy(m => m.Id).ToListAsync(ct);
        return Operation.Ok(models.Select(ToDto).ToList());
    }

    public async Task<OperationResult<AiModelDto>> CreateAsync(AccessScope actor, long orgId, AiModelRequest request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<AiModelDto>(problems);
        var admin = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct, NotAdmin);
        if (!admin.Succeeded) return admin.As<AiModelDto>();
        var model = new AiModel { OrganizationId = orgId, Name = "", Provider = "", Endpoint = "", Model = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        if (Apply(model, request with { Endpoint = request.Endpoint ?? DefaultEndpoint(request.Provider) }, creating: true) is { Count: > 0 } errors) return Operation.Invalid<AiModelDto>(errors);
        if (await EndpointRefusalAsync(model.Endpoint, ct) is { } unreachable) return Operation.Invalid<AiModelDto>(unreachable);
        if (await db.AiModels.AnyAsync(m => m.OrganizationId == orgId && m.Name == model.Name, ct)) return Operation.Invalid<AiModelDto>("name", "already used in this organization");
        db.AiModels.Add(model);
        audit.Record("ai_model.created", orgId, target: model.Name, details: new { model.Provider, model.Endpoint, model.Model, model.EmbeddingModel, hasApiKey = model.ApiKeyProtected is not null });
        await db.SaveChangesAsync(ct);
        await stats.InvalidateAsync(orgId);
        return Operation.Created(ToDto(model));
    }

    public async Task<OperationResult<AiModelDto>> ChangeAsync(AccessScope actor, long orgId, long modelId, AiModelRequest request, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<AiModelDto>(problems);
        var admin = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct, NotAdmin);
        if (!admin.Succeeded) return admin.As<AiModelDto>();
        var model = await db.AiModels.FirstOrDefaultAsync(m => m.Id == modelId && m.OrganizationId == orgId, ct);
        if (model is null) return Operation.NotFound<AiModelDto>();
        if (Apply(model, request, creating: false) is { Count: > 0 } errors) return Operation.Invalid<AiModelDto>(errors);
        if (request.Endpoint is not null && await EndpointRefusalAsync(model.Endpoint, ct) is { } unreachable) return Operation.Invalid<AiModelDto>(unreachable);
        if (await db.AiModels.AnyAsync(m => m.OrganizationId == orgId && m.Name == model.Name && m.Id != modelId, ct))
            return Operation.Invalid<AiModelDto>("name", "already used in this organization");
        audit.Record("ai_model.changed", orgId, target: model.Name, details: new { model.Provider, model.Endpoint, model.Model, model.EmbeddingModel, apiKeyChanged = request.ApiKey is not null, model.Enabled, model.Priority });
        await db.SaveChangesAsync(ct);
        await stats.InvalidateAsync(orgId);
        return Operation.Ok(ToDto(model));
    }

    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, long orgId, long modelId, CancellationToken ct)
    {
        var admin = await access.OrganizationAsync(actor, orgId, Permission.OrgAdmin, ct, NotAdmin);
        if (!admin.Succeeded) return admin.As<bool>();
        var model = await db.AiModels.FirstOrDefaultAsync(m => m.Id == modelId && m.OrganizationId == orgId, ct);
        if (model is null) return Operation.NotFound<bool>();
        db.AiModels.Remove(model);
        audit.Record("ai_model.deleted", orgId, target: model.Name);
        await db.SaveChangesAsync(ct);
        await stats.InvalidateAsync(orgId);
        return Operation.Ok(true);
    }

    /// <summary>An endpoint whose host can never be reached, as a field error; every call checks it again when it connects.</summary>
    private async Task<Dictionary<string, string[]>?> EndpointRefusalAsync(string endpoint, CancellationToken ct)
    {
        var host = new Uri(endpoint).IdnHost;
        return await outbound.RefusalAsync(host, ct) is { } refusal ? new() { ["endpoint"] = [$"{host}: {refusal}"] } : null;
    }

    private static string? DefaultEndpoint(string? provider) => provider switch
    {
        "openai" => "https://api.openai.com/v1",
        "anthropic" => "https://api.anthropic.com",
        _ => null,
    };

    /// <summary>Validates and applies a request; the errors by field.</summary>
    private Dictionary<string, string[]> Apply(AiModel model, AiModelRequest r, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        var (endpointBefore, providerBefore) = (model.Endpoint, model.Provider);
        if (creating || r.Name is not null)
        {
            var name = r.Name?.Trim() ?? "";
            if (name.Length is 0 or > 100 || name == AutofixPolicyOperations.BuiltInAgents[0]) errors["name"] = ["1 to 100 characters, and not a built-in agent's name"];
            else model.Name = name;
        }
        if (creating || r.Provider is not null)
        {
            if (!ChatClients.Providers.Contains(r.Provider)) errors["provider"] = [$"one of {string.Join(", ", ChatClients.Providers)}"];
            else model.Provider = r.Provider!;
        }
        if (creating || r.Endpoint is not null)
        {
            if (!Uri.TryCreate(r.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(endpoint.UserInfo))
                errors["endpoint"] = ["an absolute http or https URL without credentials"];
            else model.Endpoint = endpoint.ToString().TrimEnd('/');
        }
        if (creating || r.Model is not null)
        {
            if (string.IsNullOrWhiteSpace(r.Model)) errors["model"] = ["the model's name at the provider"];
            else model.Model = r.Model.Trim();
        }
        // A stored key belongs to the host it was given for: a new endpoint or provider takes the key again
        // (or an empty one, to send none), so changing only the address never sends the key somewhere new.
        if (!creating && r.ApiKey is null && model.ApiKeyProtected is not null && (model.Endpoint != endpointBefore || model.Provider != providerBefore))
            errors["apiKey"] = ["required again when the endpoint or provider changes (an empty string sends no key)"];
        if (r.ApiKey is not null) model.ApiKeyProtected = r.ApiKey.Length == 0 ? null : secrets.Protect(r.ApiKey);
        if (r.TimeoutSeconds is { } timeout) model.TimeoutSeconds = timeout;
        if (r.MaxOutputTokens is { } tokens) model.MaxOutputTokens = tokens;
        if (r.InputPricePer1k is { } inPrice) model.InputPricePer1k = inPrice;
        if (r.OutputPricePer1k is { } outPrice) model.OutputPricePer1k = outPrice;
        if (r.EmbeddingModel is not null)
        {
            if (r.EmbeddingModel.Length > 0 && !AiModelNames.IsModelName(r.EmbeddingModel)) errors["embeddingModel"] = [AiModelNames.ModelNameRule];
            else model.EmbeddingModel = r.EmbeddingModel.Length == 0 ? null : r.EmbeddingModel;
        }
        if (model.Provider == "anthropic" && model.EmbeddingModel is not null && !errors.ContainsKey("provider"))
            errors["embeddingModel"] = ["Anthropic offers no embeddings: give an OpenAI-compatible provider's embedding model, or an empty string"];
        if (r.Priority is { } priority) model.Priority = priority;
        if (r.Enabled is { } enabled) model.Enabled = enabled;
        return errors;
    }

    private static AiModelDto ToDto(AiModel m) =>
        new(m.Id, m.Name, m.Provider, m.Endpoint, m.Model, m.ApiKeyProtected is not null, m.TimeoutSeconds, m.MaxOutputTokens, m.InputPricePer1k, m.OutputPricePer1k, m.Priority, m.Enabled, m.EmbeddingModel);
}
