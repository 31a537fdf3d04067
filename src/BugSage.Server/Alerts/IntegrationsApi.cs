using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Alerts;

/// <summary>REST adapter for <see cref="IntegrationOperations"/>.</summary>
public static class IntegrationsApi
{
    public static RouteGroupBuilder MapIntegrationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects/{projectId:long}/integrations").WithTags("Alerts");
        group.MapGet("/", List).WithName("ListIntegrations").WithSummary("The project's alert targets; URLs and secrets are never shown");
        group.MapPost("/", Create).WithName("CreateIntegration")
            .WithSummary("Add a target (admins): webhook (Standard Webhooks signed; the secret is shown once), slack, teams, discord, email");
        group.MapGet("/{integrationId:long}", Get).WithName("GetIntegration").WithSummary("One alert target");
        group.MapPatch("/{integrationId:long}", Update).WithName("UpdateIntegration")
            .WithSummary("Change a target (admins): name, URL, secret (empty: a new one), recipients; paused: false resumes it");
        group.MapDelete("/{integrationId:long}", Delete).WithName("DeleteIntegration").WithSummary("Remove a target (admins)");
        group.MapPost("/{integrationId:long}/test", Test).WithName("TestIntegration").WithSummary("Queue a test notification to the target (admins); answers its delivery");
        return group;
    }

    private static async Task<OperationAnswer<List<IntegrationDto>>> List(long projectId, AccessScope actor, IntegrationOperations integrations, CancellationToken ct) =>
        (await integrations.ListAsync(actor, projectId, ct)).ToHttp();

    private static async Task<OperationAnswer<IntegrationDto>> Get(long projectId, long integrationId, AccessScope actor, IntegrationOperations integrations, CancellationToken ct) =>
        (await integrations.GetAsync(actor, projectId, integrationId, ct)).ToHttp();

    private static async Task<IResult> Create(long projectId, IntegrationInput input, AccessScope actor, IntegrationOperations integrations, CancellationToken ct) =>
        (await integrations.CreateAsync(actor, projectId, input, ct)).ToHttp(i => $"/api/v1/projects/{projectId}/integrations/{i.Id}");

    private static async Task<IResult> Update(long projectId, long integrationId, IntegrationInput input, AccessScope actor, IntegrationOperations integrations, CancellationToken ct) =>
        (await integrations.UpdateAsync(actor, projectId, integrationId, input, ct)).ToHttp();

    private static async Task<IResult> Delete(long projectId, long integrationId, AccessScope actor, IntegrationOperations integrations, CancellationToken ct) =>
        (await integrations.DeleteAsync(actor, projectId, integrationId, ct)).ToNoContent();

    private static async Task<IResult> Test(long projectId, long integrationId, AccessScope actor, IntegrationOperations integrations, CancellationToken ct)
    {
        var result = await integrations.TestAsync(actor, projectId, integrationId, ct);
        return result.Status == OperationStatus.Created
            ? TypedResults.Accepted($"/api/v1/deliveries/{result.Value}", new { deliveryId = result.Value })
            : result.ToHttp();
    }
}
