using System.ComponentModel.DataAnnotations;
using BugSage.Core.Accounts;
using BugSage.Core.Analysis.Models;
using BugSage.Core.Data;
using BugSage.Core.Outbound;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>
/// The chat models an organization's analyses use, in fallback order. Members see them (never
/// their keys); admins add, change and remove them. Keys are encrypted at rest.
/// </summary>
public static class AiModelsApi
{
    public sealed record AiModelDto(long Id, string Name, string Provider, string Endpoint, string Model, bool HasApiKey, int TimeoutSeconds,
        int MaxOutputTokens, decimal InputPricePer1k, decimal OutputPricePer1k, int Priority, bool Enabled);

    /// <summary>
    /// For a change, only what is given changes; an empty <c>apiKey</c> removes the key. A change of
    /// endpoint or provider must give the key again (400 otherwise).
    /// </summary>
    public sealed record AiModelRequest(
        [MaxLength(100)] string? Name, string? Provider, [MaxLength(500)] string? Endpoint, [MaxLength(200)] string? Model, [MaxLength(4000)] string? ApiKey,
        [Range(1, 600)] int? TimeoutSeconds, [Range(16, 200_000)] int? MaxOutputTokens, [Range(0, 1000)] decimal? InputPricePer1k, [Range(0, 1000)] decimal? OutputPricePer1k,
        [Range(0, 1000)] int? Priority, bool? Enabled);

    public static WebApplication MapAiModelsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/organizations/{orgId:long}/models").WithTags("Analysis");
        group.MapGet("/", List).WithName("ListAiModels").WithSummary("The organization's chat models, in fallback order (keys never shown)");
        group.MapPost("/", Create).WithName("CreateAiModel").WithSummary("Add a chat model: openai (any OpenAI-compatible server) or anthropic");
        group.MapPatch("/{modelId:long}", Change).WithName("UpdateAiModel").WithSummary("Change a chat model");
        group.MapDelete("/{modelId:long}", Delete).WithName("DeleteAiModel").WithSummary("Remove a chat model");
        return app;
    }

    /// <summary>The agents a policy of the organization may enable: the offline engine and every configured model.</summary>
    internal static async Task<List<string>> AgentsAsync(AppDbContext db, long orgId, CancellationToken ct) =>
        [.. AutofixPolicyApi.BuiltInAgents, .. await db.AiModels.AsNoTracking().Where(m => m.OrganizationId == orgId).Select(m => m.Name).ToListAsync(ct)];

    private static async Task<Results<Ok<List<AiModelDto>>, NotFound>> List(long orgId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (!await scope.IsMemberAsync(orgId, ct)) return TypedResults.NotFound();
        var models = await db.AiModels.AsNoTracking().Where(m => m.OrganizationId == orgId).OrderBy(m => m.Priority).ThenBy(m => m.Id).ToListAsync(ct);
        return TypedResults.Ok(models.Select(ToDto).ToList());
    }

    internal static async Task<IResult> Create(long orgId, AiModelRequest request, AccessScope scope, AppDbContext db, SecretProtector secrets, OutboundPolicy outbound, AuditLog audit,
        DashboardStatsApi.StatsCache stats, TimeProvider clock, CancellationToken ct)
    {
        if (await Refuse(orgId, scope, ct) is { } refused) return refused;
        var model = new AiModel { OrganizationId = orgId, Name = "", Provider = "", Endpoint = "", Model = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        if (Apply(model, request with { Endpoint = request.Endpoint ?? DefaultEndpoint(request.Provider) }, secrets, creating: true) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        if (await EndpointRefusalAsync(model.Endpoint, outbound, ct) is { } unreachable) return TypedResults.ValidationProblem(unreachable);
        if (await db.AiModels.AnyAsync(m => m.OrganizationId == orgId && m.Name == model.Name, ct))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["already used in this organization"] });
        db.AiModels.Add(model);
        audit.Record("ai_model.created", orgId, target: model.Name, details: new { model.Provider, model.Endpoint, model.Model, hasApiKey = model.ApiKeyProtected is not null });
        await db.SaveChangesAsync(ct);
        stats.Invalidate();
        return TypedResults.Created($"/api/v1/organizations/{orgId}/models/{model.Id}", ToDto(model));
    }

    internal static async Task<IResult> Change(long orgId, long modelId, AiModelRequest request, AccessScope scope, AppDbContext db, SecretProtector secrets, OutboundPolicy outbound,
        AuditLog audit, DashboardStatsApi.StatsCache stats, CancellationToken ct)
    {
        if (await Refuse(orgId, scope, ct) is { } refused) return refused;
        var model = await db.AiModels.FirstOrDefaultAsync(m => m.Id == modelId && m.OrganizationId == orgId, ct);
        if (model is null) return TypedResults.NotFound();
        if (Apply(model, request, secrets, creating: false) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        if (request.Endpoint is not null && await EndpointRefusalAsync(model.Endpoint, outbound, ct) is { } unreachable) return TypedResults.ValidationProblem(unreachable);
        if (await db.AiModels.AnyAsync(m => m.OrganizationId == orgId && m.Name == model.Name && m.Id != modelId, ct))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["already used in this organization"] });
        audit.Record("ai_model.changed", orgId, target: model.Name, details: new { model.Provider, model.Endpoint, model.Model, apiKeyChanged = request.ApiKey is not null, model.Enabled, model.Priority });
        await db.SaveChangesAsync(ct);
        stats.Invalidate();
        return TypedResults.Ok(ToDto(model));
    }

    internal static async Task<IResult> Delete(long orgId, long modelId, AccessScope scope, AppDbContext db, AuditLog audit, DashboardStatsApi.StatsCache stats, CancellationToken ct)
    {
        if (await Refuse(orgId, scope, ct) is { } refused) return refused;
        var model = await db.AiModels.FirstOrDefaultAsync(m => m.Id == modelId && m.OrganizationId == orgId, ct);
        if (model is null) return TypedResults.NotFound();
        db.AiModels.Remove(model);
        audit.Record("ai_model.deleted", orgId, target: model.Name);
        await db.SaveChangesAsync(ct);
        stats.Invalidate();
        return TypedResults.NoContent();
    }

    private static async Task<IResult?> Refuse(long orgId, AccessScope scope, CancellationToken ct)
    {
        if (!await scope.IsMemberAsync(orgId, ct)) return TypedResults.NotFound();
        return await scope.CanAsync(orgId, Permission.OrgAdmin, ct)
            ? null
            : TypedResults.Problem(title: "Only admins and owners configure models", statusCode: StatusCodes.Status403Forbidden);
    }

    /// <summary>An endpoint whose host can never be reached, as a field error; every call checks it again when it connects.</summary>
    private static async Task<Dictionary<string, string[]>?> EndpointRefusalAsync(string endpoint, OutboundPolicy outbound, CancellationToken ct)
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
    private static Dictionary<string, string[]> Apply(AiModel model, AiModelRequest r, SecretProtector secrets, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        var (endpointBefore, providerBefore) = (model.Endpoint, model.Provider);
        if (creating || r.Name is not null)
        {
            var name = r.Name?.Trim() ?? "";
            if (name.Length is 0 or > 100 || name == AutofixPolicyApi.BuiltInAgents[0]) errors["name"] = ["1 to 100 characters, and not a built-in agent's name"];
            else model.Name = name;
        }
        if (creating || r.Provider is not null)
        {
            if (!ChatModels.Providers.Contains(r.Provider)) errors["provider"] = [$"one of {string.Join(", ", ChatModels.Providers)}"];
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
        if (r.Priority is { } priority) model.Priority = priority;
        if (r.Enabled is { } enabled) model.Enabled = enabled;
        return errors;
    }

    private static AiModelDto ToDto(AiModel m) =>
        new(m.Id, m.Name, m.Provider, m.Endpoint, m.Model, m.ApiKeyProtected is not null, m.TimeoutSeconds, m.MaxOutputTokens, m.InputPricePer1k, m.OutputPricePer1k, m.Priority, m.Enabled);
}
