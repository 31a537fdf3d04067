using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Configuration;

/// <summary>How alert deliveries are retried, given up and paused.</summary>
public sealed class AlertOptions
{
    public const string Section = "BugSage:Alerts";

    /// <summary>The first retry's delay; each next one doubles, with jitter, up to <see cref="MaxRetryDelayMinutes"/>.</summary>
    [Range(1, 3600)]
    public int FirstRetrySeconds { get; set; } = 30;

    [Range(1, 1440)]
    public int MaxRetryDelayMinutes { get; set; } = 60;

    /// <summary>A delivery not through after this long (from when it fired) is given up.</summary>
    [Range(1, 168)]
    public int GiveUpAfterHours { get; set; } = 24;

    /// <summary>Failed attempts in a row after which a target is paused until someone resumes it.</summary>
    [Range(1, 1000)]
    public int PauseAfterFailures { get; set; } = 10;

    /// <summary>How long one request may take.</summary>
    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 15;

    /// <summary>After a webhook's secret is rotated, deliveries carry signatures with the old and the new one this long.</summary>
    [Range(0, 168)]
    public int SecretOverlapHours { get; set; } = 24;

    /// <summary>Slack's Web API (bot mode): <c>chat.postMessage</c> and <c>users.info</c> are called under it.</summary>
    [Url]
    public string SlackApiUrl { get; set; } = "https://slack.com/api/";

    /// <summary>The hour (UTC) on Monday from which each person's summary of the last week is mailed.</summary>
    [Range(0, 23)]
    public int WeeklySummaryHourUtc { get; set; } = 8;
}
