using Microsoft.AspNetCore.Http.HttpResults;
using BugSage.Server.Operations;
using BugSage.Server.Assistant.Tools;
using BugSage.Server.Auth;

namespace BugSage.Server.Assistant;

/// <summary>REST adapter for the tool registry: which tools the caller may use.</summary>
public static class AssistantToolsApi
{
    public static RouteGroupBuilder MapAssistantToolsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/assistant/tools").WithTags("Assistant");
        group.MapGet("/", List).WithName("ListAssistantTools")
            .WithSummary("The assistant's tools you may call: name, description, JSON schema of the arguments, the permission needed and whether it changes anything");
        return group;
    }

    private static async Task<Ok<List<ToolDescription>>> List(AccessScope actor, ToolRegistry registry, CancellationToken ct) =>
        TypedResults.Ok((await registry.AvailableAsync(actor, ct)).Select(ToolRegistry.Describe).ToList());
}
