using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Mail;
using BugSage.Core.Projects;

namespace BugSage.Core.Alerts;

/// <summary>
/// The rules a new project starts with: a new issue and a regression mailed to the members of
/// its organization, once per issue per 30 minutes. Only where mail is configured: rules that
/// could never deliver would only fill the delivery log with failures.
/// </summary>
public sealed class DefaultAlertRules(MailSender mail)
{
    public const string EmailNotConfigured =
        "Email is not configured on this server (BugSage:Smtp:Host), so new projects get no default alert rules; add rules with other targets, or configure email.";

    /// <summary>Adds the defaults to <paramref name="db"/>'s unit of work; the notice when none were added.</summary>
    public string? AddTo(AppDbContext db, Project project, DateTime now)
    {
        if (!mail.IsConfigured) return EmailNotConfigured;
        var members = JsonSerializer.Serialize(new[] { new AlertAction(AlertAction.Members) }, JsonSerializerOptions.Web);
        foreach (var (name, trigger) in new[] { ("New issue: email the members", AlertTriggers.NewIssue), ("Regression: email the members", AlertTriggers.Regression) })
            db.AlertRules.Add(new AlertRule
            {
                ProjectId = project.Id, Name = name, Trigger = trigger, Actions = members, IssueIntervalMinutes = 30, CreatedBy = "default", CreatedAt = now,
            });
        return null;
    }

    /// <summary>Why the rules list may be empty: the notice, or null when email works.</summary>
    public string? Notice => mail.IsConfigured ? null : EmailNotConfigured;
}
