using BugSage.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Core.Alerts;

/// <summary>Registers mail, rule evaluation in the digest, and the delivery worker with its senders.</summary>
public static class AlertsRegistration
{
    public static IServiceCollection AddBugSageAlerts(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Mail.MailSender>();
        services.AddSingleton<Firing.IssueLinks>();
        services.AddScoped<Firing.AlertEvaluator>();
        services.AddSingleton<Firing.WorkAlerts>();
        services.AddSingleton<DefaultAlertRules>();
        // Each request has its own limit (AlertOptions.RequestTimeoutSeconds); the client's default would cut it at 100 s.
        services.AddHttpClient(Delivery.HttpTargetSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<Delivery.HttpTargetSender>();
        services.AddSingleton<Delivery.EmailTargetSender>();
        services.AddSingleton<Delivery.SlackApi>();
        services.AddSingleton<Delivery.DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Delivery.DeliveryWorker>());
        services.AddSingleton<Personal.WeeklySummaryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Personal.WeeklySummaryWorker>());
        return services;
    }
}
