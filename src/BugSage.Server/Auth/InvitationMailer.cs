using BugSage.Core.Mail;
using MimeKit;

namespace BugSage.Server.Auth;

/// <summary>
/// Mails invitation links when SMTP is configured. A failed delivery is logged and reported,
/// never fatal: the link in the API answer still works.
/// </summary>
public sealed class InvitationMailer(MailSender mail, ILogger<InvitationMailer> logger)
{
    public bool IsConfigured => mail.IsConfigured;

    /// <summary>True when the mail server accepted the message.</summary>
    public async Task<bool> SendAsync(string to, string organization, string role, string url, DateTime expiresAt, CancellationToken ct)
    {
        if (!mail.IsConfigured) return false;
        var message = new MimeMessage
        {
            Subject = $"You are invited to {organization} on BugSage",
            Body = new TextPart("plain")
            {
                Text = $"""
                    You have been invited to join {organization} on BugSage as {role}.

                    Accept the invitation here: {url}

                    The link works once and expires on {expiresAt:yyyy-MM-dd HH:mm} UTC.
                    """,
            },
        };
        message.From.Add(mail.From);
        message.To.Add(MailboxAddress.Parse(to));
        try
        {
            await mail.SendAsync(message, ct);
            return true;
        }
        catch (Exception e) when (MailSender.IsMailFailure(e) && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not mail the invitation to {Email}", to);
            return false;
        }
    }
}
