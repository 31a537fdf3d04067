using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Configuration;

/// <summary>Outgoing mail for invitations and alerts; without a host, invitations are links only and no alert is mailed.</summary>
public sealed class SmtpOptions
{
    public const string Section = "BugSage:Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>TLS to the mail server: implicit TLS on port 465, STARTTLS (required) on any other port.</summary>
    public bool EnableSsl { get; set; }

    public string? Username { get; set; }
    public string? Password { get; set; }

    [EmailAddress]
    public string From { get; set; } = "bugsage@localhost";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
