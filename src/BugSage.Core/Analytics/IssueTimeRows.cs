namespace BugSage.Core.Analytics;

/// <summary>
/// A project's issue timings in one hour, kept by database triggers on <c>issues</c> whichever code path changes an
/// issue (triage, the digest's regressions, merges, imports, deletes): resolutions (in the hour of
/// <c>resolved_at</c>) with their summed milliseconds since the first event, first triages (in the hour of the
/// issue's first event) with their summed milliseconds, and the issues still unresolved (in the first whole hour at
/// or after their first event, so "first seen at or before a whole hour" is one comparison). Averages come from the
/// sums; ages from the open counts. 90 days are at most 2,160 rows per project however many issues there are.
/// </summary>
public sealed class IssueTimeHour : IHourRow
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }

    /// <summary>Issues whose <c>resolved_at</c> falls in the hour.</summary>
    public long Resolved { get; set; }

    /// <summary>Their milliseconds from first event to resolution, summed.</summary>
    public long ResolveMs { get; set; }

    /// <summary>Issues first seen in the hour that a person has triaged (status change, assignment or comment).</summary>
    public long Triaged { get; set; }

    /// <summary>Their milliseconds from first event to first triage (never below zero), summed.</summary>
    public long TriageMs { get; set; }

    /// <summary>Unresolved issues whose first event is in (hour − 1 h, hour].</summary>
    public long OpenIssues { get; set; }
}

/// <summary>
/// A UTC day of <see cref="IssueTimeHour"/> rows summed, kept by triggers (<see cref="DayRollupSql.IssueTimeDays"/>): an
/// organization's 90-day resolution sums and ages read a row per project and day, not one per project and hour (39,000
/// rows for 20 projects in the analytics benchmark).
/// </summary>
public sealed class IssueTimeDay : IDayRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public long Resolved { get; set; }
    public long ResolveMs { get; set; }
    public long Triaged { get; set; }
    public long TriageMs { get; set; }

    /// <summary>Unresolved issues counted in the day's hours (<see cref="IssueTimeHour.OpenIssues"/>).</summary>
    public long OpenIssues { get; set; }
}

/// <summary>
/// How many of an hour's resolutions or first triages took a duration in one bucket of
/// <see cref="DurationHistogram"/>: medians over many issues come from these counts, not from the issues.
/// </summary>
public sealed class IssueTimeBucket : IHourRow
{
    public long ProjectId { get; set; }
    public DateTime Hour { get; set; }

    /// <summary><see cref="DurationHistogram.Resolve"/> or <see cref="DurationHistogram.Triage"/>.</summary>
    public short Kind { get; set; }
    public short Bucket { get; set; }
    public long Issues { get; set; }
}

/// <summary>
/// A UTC day of <see cref="IssueTimeBucket"/> rows summed, kept by triggers (<see cref="DayRollupSql.IssueTimeBucketDays"/>):
/// a 90-day median reads a row per day, kind and bucket, not one per hour (26,000 rows and 20 ms in the analytics benchmark).
/// </summary>
public sealed class IssueTimeBucketDay : IDayRow
{
    public long ProjectId { get; set; }
    public DateTime Day { get; set; }
    public short Kind { get; set; }
    public short Bucket { get; set; }
    public long Issues { get; set; }
}
