namespace BugSage.Core.Analytics;

/// <summary>
/// Release health: the sessions SDKs reported as started in a project's hour, environment and release, and how many of
/// them crashed, ended abnormally or errored. Sessions are not stored one by one, so these rows are the only record:
/// a rebuild keeps them.
/// </summary>
public sealed class SessionHour : IHourRow, IEnvironmentRow
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public string Environment { get; set; } = "";
    public string Release { get; set; } = "";
    public long Sessions { get; set; }
    public long Crashed { get; set; }
    public long Abnormal { get; set; }
    public long Errored { get; set; }
}

/// <summary>A UTC day of <see cref="SessionHour"/> rows summed, kept by triggers (<see cref="DayRollupSql.SessionDays"/>).</summary>
public sealed class SessionDay : IDayRow, IEnvironmentRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public string Environment { get; set; } = "";
    public string Release { get; set; } = "";
    public long Sessions { get; set; }
    public long Crashed { get; set; }
    public long Abnormal { get; set; }
    public long Errored { get; set; }
}

/// <summary>
/// The users (SDK distinct ids) with a session in a project's hour, environment and release, and those among them whose
/// session crashed, as <see cref="UserSketch"/>es: crash-free users are one less the second's share of the first.
/// </summary>
public sealed class SessionUserHour : IHourRow, IEnvironmentRow
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }
    public string Environment { get; set; } = "";
    public string Release { get; set; } = "";
    public byte[] Sketch { get; set; } = [];
    public byte[] CrashedSketch { get; set; } = [];
}

/// <summary>A UTC day's <see cref="SessionUserHour"/> sketches merged.</summary>
public sealed class SessionUserDay : IDayRow, IEnvironmentRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public string Environment { get; set; } = "";
    public string Release { get; set; } = "";
    public byte[] Sketch { get; set; } = [];
    public byte[] CrashedSketch { get; set; } = [];
}
