using System.Net;
using BugSage.Core;
using BugSage.Core.Alerts;
using BugSage.Core.Alerts.Delivery;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Mail;
using BugSage.Core.Reports;
using BugSage.Core.Security;
using MimeKit;

namespace BugSage.Server.Reports.Schedules;

/// <summary>A written report as it is sent: the file, a summary in a line or two, and where to download it.</summary>
public sealed record ScheduledReport(ReportSchedule Schedule, ReportJob Job, string ScopeName, string Summary, string DownloadUrl, long RunId);

/// <summary>
/// Sends a scheduled report through one alert target, with the alert deliveries' own senders and credentials: email
/// carries the file attached (MailKit), and an HTML report also as the mail's body with its charts; Slack, Teams, Discord and generic webhooks carry the summary and a download link,
/// since none of them takes a file through an incoming webhook. Failures come back as a <see cref="SendOutcome"/>.
/// </summary>
public sealed class ReportTargetSender(MailSender mail, HttpTargetSender http, SlackApi slack, SecretProtector secrets, TimeProvider clock)
{
    public async Task<SendOutcome> SendAsync(AlertIntegration target, ScheduledReport report, CancellationToken ct)
    {
        if (target.Paused) return new SendOutcome(false, null, $"The target is paused: {target.PausedReason}", false);
        if (target.Kind == IntegrationKinds.Email) return await MailAsync(target, report, ct);
        var notification = Notify(report);
        if (target.IsSlackBot)
            return secrets.Unprotect(target.TokenProtected!) is { } token
                ? await slack.PostMessageAsync(token, target.SlackChannel!, ChatMessages.Slack(notification), ct)
                : new SendOutcome(false, null, "The bot token cannot be decrypted with this server's key; enter it again.", false);
        var url = target.UrlProtected is { } sealedUrl ? secrets.Unprotect(sealedUrl) : null;
        var secret = target.SecretProtected is { } sealedSecret ? secrets.Unprotect(sealedSecret) : null;
        if (url is null || (target.SecretProtected is not null && secret is null))
            return new SendOutcome(false, null, "The target's URL or secret cannot be decrypted with this server's key; enter it again.", false);
        var previous = target.PreviousSecretProtected is { } sealedPrevious && target.PreviousSecretExpiresAt > clock.GetUtcNow().UtcDateTime
            ? secrets.Unprotect(sealedPrevious) : null;
        // The webhook id names the run and the target: the same on every retry, never one an alert delivery uses.
        return await http.SendAsync(report.RunId, target.Kind, notification, url, secret, ct, previous, $"msg_report_{report.RunId}_{target.Id}");
    }

    /// <summary>The report as a notification, so each chat tool gets it in its own format with a "Download the report" link.</summary>
    private Notification Notify(ScheduledReport r)
    {
        var project = new NotifiedProject(r.Schedule.ProjectId ?? 0, r.Schedule.ProjectId is null ? "organization" : "project", r.ScopeName);
        var work = new NotifiedWork("report", r.Job.Id, r.Summary.Truncate(500), r.DownloadUrl, null);
        return new Notification(AlertTriggers.Report, $"{Heading(r)}: {r.Summary}".Truncate(500), clock.GetUtcNow().UtcDateTime, project, null, null, null, work);
    }

    private static string Heading(ScheduledReport r) =>
        $"{r.Schedule.Name} ({r.Job.Kind} report of {r.ScopeName}, {r.Job.PeriodFrom:yyyy-MM-dd} to {r.Job.PeriodTo:yyyy-MM-dd})";

    private async Task<SendOutcome> MailAsync(AlertIntegration target, ScheduledReport r, CancellationToken ct)
    {
        if (!mail.IsConfigured) return new SendOutcome(false, null, "email is not configured on this server (BugSage:Smtp:Host)", false);
        var recipients = (target.Recipients ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (recipients.Length == 0) return new SendOutcome(false, null, "The email target has no addresses.", false);
        var message = new MimeMessage { Subject = $"[BugSage] {Heading(r)}".Truncate(250) };
        message.From.Add(mail.From);
        foreach (var to in recipients) message.To.Add(MailboxAddress.Parse(to));
        static string E(string text) => WebUtility.HtmlEncode(text);
        var intro = $"<h2>{E(Heading(r))}</h2><p>{E(r.Summary)}</p><p>The report is attached; it can also be <a href=\"{E(r.DownloadUrl)}\">downloaded from BugSage</a>.</p>";
        var body = new BodyBuilder { TextBody = $"{Heading(r)}\n\n{r.Summary}\n\nThe report is attached; it can also be downloaded from {r.DownloadUrl}\n" };
        // An HTML report is the mail itself, charts included; other formats are read from the attachment.
        if (r.Job.Format == ReportFormats.Html && r.Job.Content is { } page) ReportMailBody.Carry(body, page, intro);
        else body.HtmlBody = intro;
        body.Attachments.Add(r.Job.FileName ?? $"report-{r.Job.Id}.{r.Job.Format}", r.Job.Content ?? [], ContentType.Parse(r.Job.ContentType ?? ReportFormats.ContentType(r.Job.Format)));
        message.Body = body.ToMessageBody();
        try
        {
            await mail.SendAsync(message, ct);
            return SendOutcome.Ok(250);
        }
        catch (Exception e) when (MailSender.IsMailFailure(e) && !ct.IsCancellationRequested)
        {
            var code = e is MailKit.Net.Smtp.SmtpCommandException command ? (int)command.StatusCode : (int?)null;
            return new SendOutcome(false, code, $"{e.GetType().Name}: {e.Message}".Truncate(500), MailSender.IsTransient(e));
        }
    }
}
