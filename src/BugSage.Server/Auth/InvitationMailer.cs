using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Auth;

/// <summary>
/// Mails invitation links when SMTP is configured. A failed delivery is logged and reported,
/// never fatal: the link in the API answer still works.
/// </summary>
public sealed class InvitationMailer(IOptions<SmtpOptions> options, ILogger<InvitationMailer> logger)
{
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>True when the mail server accepted the message.</summary>
    public async Task<bool> SendAsync(string to, string organization, string role, string url, DateTime expiresAt, CancellationToken ct)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured) return false;
        using var message = new MailMessage(smtp.From, to)
        {
            Subject = $"You are invited to {organization} on BugSage",
            Body = $"""
                You have been invited to join {organization} on BugSage as {role}.

                Accept the invitation here: {url}

                The link works once and expires on {expiresAt:yyyy-MM-dd HH:mm} UTC.
                """,
        };
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.Username)) client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        try
        {
            await client.SendMailAsync(message, ct);
            return true;
        }
        catch (SmtpException e)
        {
            logger.LogWarning(e, "Could not mail the invitation to {Email}", to);
            return false;
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not mail the invitation to {Email}", to);
            return false;
        }
    }
}
