namespace BugSage.Server.Reports;

/// <summary>The report and schedule operations, their workers and options; the REST routes are in <see cref="ReportsApi"/>.</summary>
public static class ReportsRegistration
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section);
        builder.Services.AddScoped<ReportOperations>();
        builder.Services.AddSingleton<ReportWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReportWorker>());
        builder.Services.AddScoped<Schedules.ReportScheduleOperations>();
        builder.Services.AddSingleton<Schedules.ReportTargetSender>();
        builder.Services.AddSingleton<Schedules.ReportScheduleWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Schedules.ReportScheduleWorker>());
        return builder;
    }
}
