using BugSage.Server.Dashboard.Alerts;
using BugSage.Server.Dashboard.Releases;
using BugSage.Server.Auth;
using BugSage.Server.Dashboard.Account;
using BugSage.Server.Dashboard.AssistantPanel;
using BugSage.Server.Dashboard.Autofix;
using BugSage.Server.Dashboard.Issues;
using BugSage.Server.Dashboard.Settings;

namespace BugSage.Server.Dashboard;

/// <summary>The dashboard: Razor components rendered on the server behind the dashboard cookie, and its form posts.</summary>
public static class DashboardRegistration
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        // Outside Development too: a build (as opposed to a publish) keeps the precompressed
        // stylesheet and scripts beside the project, and only this manifest says where.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<Realtime.LiveRelay>();
        builder.Services.AddHostedService<Realtime.LiveHubRelay>();
        builder.Services.AddHostedService<Realtime.ConversationHubRelay>();
        builder.AddDashboardAuth();
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapIssueActions();
        app.MapExternalIssueActions();
        app.MapProjectSettingsActions();
        app.MapFixSessionActions();
        app.MapReleaseActions();
        app.MapAlertActions();
        app.MapAutofixSettingsActions();
        app.MapAssistantPanelActions();
        app.MapHub<Realtime.LiveHub>(Realtime.LiveHub.Path);
        app.MapRazorComponents<App>().RequireAuthorization(DashboardAuth.Policy);
        return app;
    }
}
