using BugSage.Server.AiModels;
using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="AiModelOperations"/>: the chat models an organization's analyses use.</summary>
public static class AiModelsApi
{
    public static IEndpointRouteBuilder MapAiModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/organizations/{orgId:long}/models").WithTags("Analysis");
        group.MapGet("/", List).WithName("ListAiModels").WithSummary("The organization's chat models, in fallback order (keys never shown)");
        group.MapPost("/", Create).WithName("CreateAiModel").WithSummary("Add a chat model: openai (any OpenAI-compatible server) or anthropic");
        group.MapPatch("/{modelId:long}", Change).WithName("UpdateAiModel").WithSummary("Change a chat model");
        group.MapDelete("/{modelId:long}", Delete).WithName("DeleteAiModel").WithSummary("Remove a chat model");
        return app;
    }

    private static async Task<OperationAnswer<List<AiModelDto>>> List(long orgId, AccessScope actor, AiModelOperations models, CancellationToken ct) =>
        (await models.ListAsync(actor, orgId, ct)).ToHttp();

    private static async Task<IResult> Create(long orgId, AiModelRequest request, AccessScope actor, AiModelOperations models, CancellationToken ct) =>
        (await models.CreateAsync(actor, orgId, request, ct)).ToHttp(m => $"/api/v1/organizations/{orgId}/models/{m.Id}");

    private static async Task<IResult> Change(long orgId, long modelId, AiModelRequest request, AccessScope actor, AiModelOperations models, CancellationToken ct) =>
        (await models.ChangeAsync(actor, orgId, modelId, request, ct)).ToHttp();

    private static async Task<IResult> Delete(long orgId, long modelId, AccessScope actor, AiModelOperations models, CancellationToken ct) =>
        (await models.DeleteAsync(actor, orgId, modelId, ct)).ToNoContent();
}
