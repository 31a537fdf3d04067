namespace BugSage.Server.Reports;

/// <summary>The report operations, their worker and options; the REST routes are in <see cref="ReportsApi"/>.</summary>
public static class ReportsRegistration
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section);
        builder.Services.AddScoped<ReportOperations>();
        builder.Services.AddSingleton<ReportWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReportWorker>());
        return builder;
    }
}
