using System.Net;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Mail;
using MimeKit;

namespace BugSage.Core.Alerts.Delivery;

/// <summary>Mails a notification (plain text and HTML, with the link, culprit and first frames) through <see cref="MailSender"/>.</summary>
public sealed class EmailTargetSender(MailSender mail)
{
    public async Task<SendOutcome> SendAsync(IReadOnlyList<string> recipients, Notification n, CancellationToken ct)
    {
        if (!mail.IsConfigured) return new SendOutcome(false, null, "email is not configured on this server (BugSage:Smtp:Host)", false);
        var message = new MimeMessage { Subject = $"[BugSage] {ChatMessages.Headline(n)}".Truncate(250) };
        message.From.Add(mail.From);
        foreach (var to in recipients) message.To.Add(MailboxAddress.Parse(to));
        var links = string.Concat(ChatMessages.Links(n).Select(l => $"\n{l.Title}: {l.Url}"));
        var builder = new BodyBuilder
        {
            TextBody = $"{ChatMessages.Headline(n)}\n\n{ChatMessages.Detail(n)}\n\n{Facts(n)}" + (links.Length == 0 ? "" : $"\n{links}\n"),
            HtmlBody = Html(n),
        };
        message.Body = builder.ToMessageBody();
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

    private static string Facts(Notification n) =>
        n.Issue is { } i ? $"Level: {i.Level} · Events: {i.Count} · Users: {i.UserCount} · Release: {n.Event?.Release ?? "-"} · Environment: {n.Event?.Environment ?? "-"}" : "";

    /// <summary>Every piece of event text is encoded: a message body is HTML a mail client renders.</summary>
    private static string Html(Notification n)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var frames = n.Event?.Frames is { Count: > 0 } f ? "<pre>" + string.Join("\n", f.Select(x => "at " + E(x))) + "</pre>" : "";
        var link = string.Concat(ChatMessages.Links(n).Select(l => $"<p><a href=\"{E(l.Url)}\">{E(l.Title)}</a></p>"));
        var digest = n.Digest is { Count: > 0 } entries
            ? "<ul>" + string.Concat(entries.Take(ChatMessages.MaxDigestLines).Select(x =>
                $"<li>{E(x.FiredAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))} " +
                (x.Url is { } u ? $"<a href=\"{E(u)}\">{E(x.Reason)}</a>" : E(x.Reason)) + (x.Title is { } t ? $" {E(t)}" : "") + "</li>"))
              + (entries.Count > ChatMessages.MaxDigestLines ? $"<li>… and {entries.Count - ChatMessages.MaxDigestLines} more</li>" : "") + "</ul>"
            : "";
        return $"""
            <h2>{E(ChatMessages.Headline(n))}</h2>
            <p>{E(n.Reason)}</p>
            {(n.Issue?.Culprit is { } culprit ? $"<p>in <code>{E(culprit)}</code></p>" : "")}
            {frames}
            {digest}
            <p>{E(Facts(n))}</p>
            {link}
            """;
    }
}
