using BugSage.Core.Configuration;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BugSage.Core.Mail;

/// <summary>
/// Sends mail through the configured SMTP server with MailKit: implicit TLS on port 465,
/// required STARTTLS on other ports when TLS is on. Failures throw; callers decide whether
/// one is worth a retry (<see cref="IsTransient"/>).
/// </summary>
public sealed class MailSender(IOptions<SmtpOptions> options)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>The configured sender address.</summary>
    public MailboxAddress From => MailboxAddress.Parse(options.Value.From);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured) throw new InvalidOperationException("No mail server is configured (BugSage:Smtp:Host).");
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        var security = !smtp.EnableSsl ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    /// <summary>
    /// Whether trying again later may succeed: the server could not be reached or answered 4xx.
    /// A 5xx answer (no such mailbox, refused) and a failed sign-in will not change by waiting.
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        AuthenticationException => false,
        SmtpProtocolException or MailKit.ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or TimeoutException => true,
        OperationCanceledException => true,
        _ => false,
    };

    /// <summary>Whether the exception is one a send can end with (as opposed to a bug).</summary>
    public static bool IsMailFailure(Exception e) =>
        e is SmtpCommandException or SmtpProtocolException or AuthenticationException or MailKit.ServiceNotConnectedException or IOException
            or System.Net.Sockets.SocketException or TimeoutException or SslHandshakeException;
}
