namespace BugSage.Server.Alerts;

/// <summary>The alert operations and their REST surface.</summary>
public static class AlertsRegistration
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AlertRuleOperations>();
        builder.Services.AddScoped<IntegrationOperations>();
        builder.Services.AddScoped<DeliveryOperations>();
        builder.Services.AddScoped<NotificationSettingsOperations>();
        return builder;
    }

    public static WebApplication MapAlertsApi(this WebApplication app)
    {
        app.MapAlertRulesApi();
        app.MapIntegrationsApi();
        app.MapDeliveriesApi();
        app.MapNotificationSettingsApi();
        return app;
    }
}
