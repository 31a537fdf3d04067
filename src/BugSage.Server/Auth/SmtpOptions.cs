using System.ComponentModel.DataAnnotations;

namespace BugSage.Server.Auth;

/// <summary>Outgoing mail for invitations; without a host, invitations are links only.</summary>
public sealed class SmtpOptions
{
    public const string Section = "BugSage:Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>STARTTLS/SSL to the mail server.</summary>
    public bool EnableSsl { get; set; }

    public string? Username { get; set; }
    public string? Password { get; set; }

    [EmailAddress]
    public string From { get; set; } = "bugsage@localhost";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
