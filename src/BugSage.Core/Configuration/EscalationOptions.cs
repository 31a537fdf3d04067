using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Configuration;

/// <summary>
/// When an issue escalates: its events in the current hour reach <see cref="Factor"/> times its
/// average hourly rate over the previous <see cref="BaselineDays"/> days, and at least
/// <see cref="MinimumEvents"/>. Issues younger than a day have no baseline and do not escalate.
/// </summary>
public sealed class EscalationOptions
{
    public const string Section = "BugSage:Escalation";

    [Range(1.1, 1000)]
    public double Factor { get; set; } = 5;

    [Range(1, 1_000_000)]
    public long MinimumEvents { get; set; } = 10;

    [Range(1, 30)]
    public int BaselineDays { get; set; } = 7;
}
