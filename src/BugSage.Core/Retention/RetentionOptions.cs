using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Retention;

/// <summary>How long events are kept, and how gently the purge deletes them (<c>BugSage:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "BugSage:Retention";
    public const int MaxDays = 3650;

    /// <summary>Days an event is kept after it was received, for projects that set no value of their own.</summary>
    [Range(1, MaxDays)]
    public int EventDays { get; set; } = 90;

    /// <summary>
    /// The most days any project may keep its events: the operator's ceiling on what a tenant's
    /// admin chooses, which bounds the disk every tenant together can fill.
    /// </summary>
    [Range(1, MaxDays)]
    public int MaxEventDays { get; set; } = MaxDays;

    /// <summary>
    /// Days the analytics rollups keep an hour (by event time): at least the project's event days, and by default the
    /// 400 days an analytics question may span. Older rollup rows are purged with the events.
    /// </summary>
    [Range(1, MaxDays)]
    public int RollupDays { get; set; } = 400;

    /// <summary>Events deleted per statement: small enough that the digest never waits long for the database.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>The pause between batches, which leaves the database to ingestion in between.</summary>
    [Range(0, 60_000)]
    public int PauseMilliseconds { get; set; } = 200;

    /// <summary>Minutes between purge rounds.</summary>
    [Range(1, 24 * 60)]
    public int IntervalMinutes { get; set; } = 60;

    /// <summary>The days a project keeps its events: its own setting, else the server's, never past the ceiling (which may have been lowered since).</summary>
    public int DaysFor(int? projectDays) => Math.Min(projectDays ?? EventDays, MaxEventDays);

    /// <summary>The days a project keeps its rollups: never fewer than its events, whose hours they count.</summary>
    public int RollupDaysFor(int? projectDays) => Math.Max(RollupDays, DaysFor(projectDays));
}
