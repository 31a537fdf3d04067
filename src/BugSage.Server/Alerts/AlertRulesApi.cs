using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Alerts;

/// <summary>REST adapter for <see cref="AlertRuleOperations"/>.</summary>
public static class AlertRulesApi
{
    public static RouteGroupBuilder MapAlertRulesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects/{projectId:long}/alert-rules").WithTags("Alerts");
        group.MapGet("/", List).WithName("ListAlertRules").WithSummary("The project's alert rules, each with when it last fired and why");
        group.MapPost("/", Create).WithName("CreateAlertRule").WithSummary("Add a rule: when (trigger), if (conditions), then (actions), with its throttles");
        group.MapGet("/{ruleId:long}", Get).WithName("GetAlertRule").WithSummary("One alert rule");
        group.MapPatch("/{ruleId:long}", Update).WithName("UpdateAlertRule").WithSummary("Change what is given of a rule");
        group.MapPost("/{ruleId:long}/test", Test).WithName("TestAlertRule").WithSummary("Queue a test notification to every target of the rule; answers its deliveries");
        group.MapDelete("/{ruleId:long}", Delete).WithName("DeleteAlertRule").WithSummary("Remove a rule; its delivery log stays");
        return group;
    }

    private static async Task<OperationAnswer<AlertRuleList>> List(long projectId, AccessScope actor, AlertRuleOperations rules, CancellationToken ct) =>
        (await rules.ListAsync(actor, projectId, ct)).ToHttp();

    private static async Task<OperationAnswer<AlertRuleDto>> Get(long projectId, long ruleId, AccessScope actor, AlertRuleOperations rules, CancellationToken ct) =>
        (await rules.GetAsync(actor, projectId, ruleId, ct)).ToHttp();

    private static async Task<IResult> Create(long projectId, AlertRuleInput input, AccessScope actor, AlertRuleOperations rules, CancellationToken ct) =>
        (await rules.CreateAsync(actor, projectId, input, ct)).ToHttp(r => $"/api/v1/projects/{projectId}/alert-rules/{r.Id}");

    private static async Task<IResult> Update(long projectId, long ruleId, AlertRuleInput input, AccessScope actor, AlertRuleOperations rules, CancellationToken ct) =>
        (await rules.UpdateAsync(actor, projectId, ruleId, input, ct)).ToHttp();

    private static async Task<IResult> Delete(long projectId, long ruleId, AccessScope actor, AlertRuleOperations rules, CancellationToken ct) =>
        (await rules.DeleteAsync(actor, projectId, ruleId, ct)).ToNoContent();

    private static async Task<IResult> Test(long projectId, long ruleId, AccessScope actor, AlertRuleOperations rules, CancellationToken ct)
    {
        var result = await rules.TestAsync(actor, projectId, ruleId, ct);
        return result.Status == OperationStatus.Created ? TypedResults.Accepted((string?)null, new { deliveryIds = result.Value }) : result.ToHttp();
    }
}
