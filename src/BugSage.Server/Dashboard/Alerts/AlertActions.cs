using BugSage.Server.Alerts;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.AspNetCore.Mvc;

namespace BugSage.Server.Dashboard.Alerts;

/// <summary>
/// The alert pages' buttons: test, switch on or off and delete a rule; test, pause, resume and
/// remove an integration; redeliver a delivery. Each runs one operation and returns to its page,
/// with what happened or why it was refused. (Forms that show a secret or keep what was typed
/// are the pages' own.)
/// </summary>
public static class AlertActions
{
    public static WebApplication MapAlertActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard/projects/{projectId:long}").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapPost("/alert-rules/{ruleId:long}", RuleAsync);
        group.MapPost("/integrations/{integrationId:long}", IntegrationAsync);
        group.MapPost("/deliveries/{deliveryId:long}/redeliver", RedeliverAsync);
        return app;
    }

    private static string Done(string page, string what) => $"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}done={Uri.EscapeDataString(what)}";

    private static async Task<IResult> RuleAsync(long projectId, long ruleId, [FromForm] string? action, AccessScope actor, ProjectAccess access, AlertRuleOperations rules, CancellationToken ct)
    {
        var page = $"/projects/{projectId}/alerts";
        return action switch
        {
            "test" => (await rules.TestAsync(actor, projectId, ruleId, ct))
                .ToForm(page, sent => Done($"{page}/deliveries?ruleId={ruleId}", $"Queued {sent.Count} test notification{(sent.Count == 1 ? "" : "s")}.")),
            "enable" or "disable" => (await rules.UpdateAsync(actor, projectId, ruleId, new AlertRuleInput(Enabled: action == "enable"), ct))
                .ToForm(page, r => Done(page, $"{r.Name} is {(r.Enabled ? "enabled" : "disabled")}.")),
            "delete" => (await rules.DeleteAsync(actor, projectId, ruleId, ct)).ToForm(page, _ => Done(page, "Deleted the rule; its delivery log stays.")),
            _ => await access.SeesProjectAsync(actor, projectId, ct) ? FormAnswers.Back(page, "Unknown action.") : Results.NotFound(),
        };
    }

    private static async Task<IResult> IntegrationAsync(long projectId, long integrationId, [FromForm] string? action, AccessScope actor, ProjectAccess access,
        IntegrationOperations integrations, CancellationToken ct)
    {
        var page = $"/projects/{projectId}/alerts/integrations";
        return action switch
        {
            "test" => (await integrations.TestAsync(actor, projectId, integrationId, ct))
                .ToForm(page, deliveryId => Done($"/projects/{projectId}/alerts/deliveries/{deliveryId}", "Queued a test notification.")),
            "pause" or "resume" => (await integrations.UpdateAsync(actor, projectId, integrationId, new IntegrationInput(Paused: action == "pause"), ct))
                .ToForm(page, i => Done(page, $"{i.Name} is {(i.Paused ? "paused: its deliveries are skipped" : "resumed")}.")),
            "remove" => (await integrations.DeleteAsync(actor, projectId, integrationId, ct)).ToForm(page, _ => Done(page, "Removed the integration.")),
            _ => await access.SeesProjectAsync(actor, projectId, ct) ? FormAnswers.Back(page, "Unknown action.") : Results.NotFound(),
        };
    }

    private static async Task<IResult> RedeliverAsync(long projectId, long deliveryId, AccessScope actor, DeliveryOperations deliveries, CancellationToken ct)
    {
        // The delivery is answered under its own project's address only, as its page is.
        if ((await deliveries.GetAsync(actor, deliveryId, ct)).Value?.ProjectId != projectId) return Results.NotFound();
        var page = $"/projects/{projectId}/alerts/deliveries/{deliveryId}";
        return (await deliveries.RedeliverAsync(actor, deliveryId, ct)).ToForm(page, _ => Done(page, "Queued again."));
    }
}
