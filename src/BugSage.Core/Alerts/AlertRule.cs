namespace BugSage.Core.Alerts;

/// <summary>
/// One project's rule: when something happens to an issue (<see cref="Trigger"/>), if the event
/// matches (<see cref="Conditions"/>), then send to its targets (<see cref="Actions"/>), no more
/// than once per issue per <see cref="IssueIntervalMinutes"/> and <see cref="MaxFiringsPerHour"/> in all.
/// </summary>
public sealed class AlertRule
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string Name { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>One of <see cref="AlertTriggers"/>.</summary>
    public required string Trigger { get; set; }

    /// <summary>For the frequency triggers: more than this many events (or users) ...</summary>
    public int? Threshold { get; set; }

    /// <summary>... within this many minutes.</summary>
    public int? WindowMinutes { get; set; }

    /// <summary>JSON of <see cref="AlertConditions"/>.</summary>
    public string Conditions { get; set; } = "{}";

    /// <summary>JSON array of <see cref="AlertAction"/>.</summary>
    public string Actions { get; set; } = "[]";

    public int IssueIntervalMinutes { get; set; } = 30;
    public int MaxFiringsPerHour { get; set; } = 60;

    /// <summary>
    /// 0 sends each firing at once; otherwise firings are gathered into one message per target for
    /// each window of this many minutes (windows aligned to the clock, so every node agrees on them).
    /// </summary>
    public int DigestMinutes { get; set; }

    public DateTime? LastFiredAt { get; set; }

    /// <summary>Why it last fired, in words ("new issue SHOP-12 (level error)").</summary>
    public string? LastFiredReason { get; set; }

    public string CreatedBy { get; set; } = "system";
    public DateTime CreatedAt { get; set; }
}
