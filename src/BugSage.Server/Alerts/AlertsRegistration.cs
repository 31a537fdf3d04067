using BugSage.Server.IssueTrackers;

namespace BugSage.Server.Alerts;

/// <summary>The alert and issue-tracker operations and their REST surface (tracker webhooks included).</summary>
public static class AlertsRegistration
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AlertRuleOperations>();
        builder.Services.AddScoped<IntegrationOperations>();
        builder.Services.AddScoped<DeliveryOperations>();
        builder.Services.AddScoped<NotificationSettingsOperations>();
        builder.Services.AddScoped<ExternalIssueOperations>();
        builder.Services.AddScoped<TrackerWebhookOperations>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapAlertRulesApi();
        app.MapIntegrationsApi();
        app.MapDeliveriesApi();
        app.MapNotificationSettingsApi();
        app.MapExternalIssuesApi();
        app.MapTrackerWebhooksApi();
        return app;
    }
}
