using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.AgentTasks;

/// <summary>REST adapter for <see cref="AgentTaskOperations"/>: an issue's task document for coding agents, their reports on it, and the document's schema.</summary>
public static class AgentTasksApi
{
    public static IEndpointRouteBuilder MapAgentTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/issues/{issueId:long}/task").WithTags("Agent tasks");
        group.MapGet("", Document).WithName("GetAgentTask").WithSummary("The issue as a versioned task document for a coding agent (schema at /api/v1/schemas/task.json)")
            .Produces<TaskDocument>();
        group.MapGet("/updates", Updates).WithName("ListAgentTaskUpdates").WithSummary("The agents' reports on the task, oldest first")
            .Produces<Page<AgentTaskUpdateDto>>();
        group.MapGet("/updates/{updateId:long}", Update).WithName("GetAgentTaskUpdate").WithSummary("One report, with its proposed diff")
            .Produces<AgentTaskUpdateDto>();
        group.MapPost("/updates", Report).WithName("ReportAgentTaskUpdate")
            .WithSummary("Report progress: claimed, working, patch_proposed (with its diff), done or gave_up; members or a tasks:write token")
            .Produces<AgentTaskUpdateDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        // The schema describes the document's shape, not anyone's data.
        app.MapGet(AgentTaskRoutes.Schema, () => TypedResults.Text(TaskSchema.Json, "application/schema+json")).AllowAnonymous()
            .WithTags("Agent tasks").WithName("GetAgentTaskSchema").WithSummary("The JSON Schema (draft 2020-12) of the task document")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/schema+json");
        return app;
    }

    private static async Task<IResult> Document(long issueId, AccessScope actor, AgentTaskOperations tasks, CancellationToken ct) =>
        (await tasks.DocumentAsync(actor, issueId, ct)).ToHttp();

    private static async Task<IResult> Updates(long issueId, AccessScope actor, AgentTaskOperations tasks, CancellationToken ct) =>
        (await tasks.UpdatesAsync(actor, issueId, ct)).ToHttp();

    private static async Task<IResult> Update(long issueId, long updateId, AccessScope actor, AgentTaskOperations tasks, CancellationToken ct) =>
        (await tasks.UpdateAsync(actor, issueId, updateId, ct)).ToHttp();

    private static async Task<IResult> Report(long issueId, AgentTaskReport? report, AccessScope actor, AgentTaskOperations tasks, CancellationToken ct) =>
        (await tasks.ReportAsync(actor, issueId, report ?? new AgentTaskReport(null, null, null, null, null), ct)).ToHttp(u => AgentTaskRoutes.Update(issueId, u.Id));
}
