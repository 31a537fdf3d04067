namespace BugSage.Core.Analytics;

/// <summary>
/// Keeps a coarser rollup as the sums of an hourly one: its UTC days (<see cref="EventDays"/>, <see cref="LifecycleDays"/>),
/// its UTC weeks from Monday (<see cref="ReleaseEventWeeks"/>), or its hours with fewer keys (<see cref="ProjectEventHours"/>, <see cref="ProjectIssueHours"/>: every environment and
/// release together). Triggers on the hourly table, which every path that counts writes (the digest, triage, merges,
/// deletes through their cascade, retention, a rebuild), keep it, so it cannot drift from its hours; a rebuild or a
/// migration recounts it. A row whose sums are all zero is removed. Answers by day or week read about 24 times fewer
/// rows from the daily tables; an hourly series without an environment or release reads one row per hour instead of one
/// per environment and release.
/// </summary>
/// <param name="postgres">Whether the SQL is for PostgreSQL; otherwise SQLite.</param>
/// <param name="hours">The hourly table, keyed by at least <paramref name="keys"/> and <c>hour</c>.</param>
/// <param name="days">The rollup kept, keyed by <paramref name="keys"/> and its time column (<c>hour</c>, <c>day</c> or <c>week</c>, as <paramref name="period"/>).</param>
/// <param name="keys">The rollup's key columns besides the time (project first).</param>
/// <param name="sums">The counted columns, summed.</param>
/// <param name="period">What the rollup sums: UTC days, UTC weeks, or the same hours over fewer keys.</param>
/// <param name="deferred">
/// On PostgreSQL, whether the trigger runs at commit (a deferred constraint trigger) rather than after each statement; see
/// <see cref="ProjectEventHours"/>.
/// </param>
/// <param name="trigger">The triggers' name, where the default (after the hourly table) is another rollup's of the same hours.</param>
public sealed class DayRollupSql(bool postgres, string hours, string days, string[] keys, string[] sums, RollupPeriod period = RollupPeriod.Day, bool deferred = false,
    string? trigger = null)
{
    public static DayRollupSql EventDays(bool postgres) =>
        new(postgres, "analytics_event_hours", "analytics_event_days", ["project_id", "environment", "release"], ["events", "errors"]);

    /// <summary>
    /// A project's days by release over every environment: releases compared over an organization of 20 projects grouped
    /// 103,000 event-day rows (one per project, day, environment and release; 84 ms on SQLite) and now group a third of that.
    /// Written as the event days are, when each hour is: the same rows, in the same order, as that rollup.
    /// </summary>
    public static DayRollupSql ReleaseEventDays(bool postgres) =>
        new(postgres, "analytics_event_hours", "analytics_release_event_days", ["project_id", "release"], ["events", "errors"],
            trigger: "analytics_event_hours_release_days");

    public static DayRollupSql LifecycleDays(bool postgres) =>
        new(postgres, "analytics_issue_hours", "analytics_issue_lifecycle_days", ["project_id", "release"], ["new_issues", "regressions", "resolved"]);

    /// <summary>
    /// Every writer of a project's hour (each digest, triage, a merge) would lock its one project-hour row as soon as it
    /// wrote any environment's or release's hour, while still holding or about to take other rows (issues, other hours):
    /// two digests on two nodes, or a digest and a person resolving an issue, could each hold what the other waits for.
    /// On PostgreSQL the trigger therefore runs at commit, when the transaction has taken everything else it needs.
    /// </summary>
    public static DayRollupSql ProjectEventHours(bool postgres) =>
        new(postgres, "analytics_event_hours", "analytics_project_event_hours", ["project_id"], ["events", "errors"], period: RollupPeriod.Hour, deferred: true);

    /// <inheritdoc cref="ProjectEventHours"/>
    public static DayRollupSql ProjectIssueHours(bool postgres) =>
        new(postgres, "analytics_issue_hours", "analytics_project_issue_hours", ["project_id"], ["new_issues", "regressions", "resolved"], period: RollupPeriod.Hour, deferred: true);

    /// <summary>
    /// A project's days over every environment and release, summed from its project hours: an organization's daily series
    /// read one row per project and day instead of one per project, day, environment and release (103,000 rows, 111 ms on
    /// SQLite, for 20 projects over 90 days). On PostgreSQL the project hours are written at commit, one row at a time; a
    /// day trigger run after each would lock hour, day, hour, day, and two writers of different hours of one day (a digest
    /// and a person resolving an issue) could each hold what the other waits for. Deferred too, the days are queued behind
    /// the hours and locked after all of them.
    /// </summary>
    public static DayRollupSql ProjectEventDays(bool postgres) =>
        new(postgres, "analytics_project_event_hours", "analytics_project_event_days", ["project_id"], ["events", "errors"], deferred: true);

    /// <inheritdoc cref="ProjectEventDays"/>
    public static DayRollupSql ProjectLifecycleDays(bool postgres) =>
        new(postgres, "analytics_project_issue_hours", "analytics_project_lifecycle_days", ["project_id"], ["new_issues", "regressions", "resolved"], deferred: true);

    public static DayRollupSql SessionDays(bool postgres) =>
        new(postgres, "analytics_session_hours", "analytics_session_days", ["project_id", "environment", "release"], ["sessions", "crashed", "abnormal", "errored"]);

    /// <summary>The duration histograms' days: the hourly buckets are themselves kept by triggers on <c>issues</c> (<see cref="IssueTimeSql"/>).</summary>
    public static DayRollupSql IssueTimeBucketDays(bool postgres) =>
        new(postgres, "analytics_issue_time_buckets", "analytics_issue_time_bucket_days", ["project_id", "kind", "bucket"], ["issues"]);

    /// <summary>
    /// The issue timings' days (resolutions, first triages, open issues), summed from hours that are themselves kept by
    /// triggers on <c>issues</c> (<see cref="IssueTimeSql"/>). A triage writes them while holding the issues it changes,
    /// and a bulk change writes the hours of many first sightings; as <see cref="ProjectEventDays"/>, on PostgreSQL the days
    /// are locked at commit, after everything else the transaction takes.
    /// </summary>
    public static DayRollupSql IssueTimeDays(bool postgres) =>
        new(postgres, "analytics_issue_times", "analytics_issue_time_days", ["project_id"], ["resolved", "resolve_ms", "triaged", "triage_ms", "open_issues"],
            deferred: true);

    /// <summary>
    /// Weeks by release over every environment, for releases compared over long ranges (<see cref="ReleaseEventWeek"/>): written
    /// as the days by release are, when each hour is, after them.
    /// </summary>
    public static DayRollupSql ReleaseEventWeeks(bool postgres) =>
        new(postgres, "analytics_event_hours", "analytics_release_event_weeks", ["project_id", "release"], ["events", "errors"], RollupPeriod.Week,
            trigger: "analytics_event_hours_release_weeks");

    /// <summary>The lifecycle's weeks by release (<see cref="IssueLifecycleWeek"/>), written as <see cref="LifecycleDays"/> are.</summary>
    public static DayRollupSql LifecycleWeeks(bool postgres) =>
        new(postgres, "analytics_issue_hours", "analytics_issue_lifecycle_weeks", ["project_id", "release"], ["new_issues", "regressions", "resolved"],
            RollupPeriod.Week, trigger: "analytics_issue_hours_weeks");

    /// <summary>The duration histograms' weeks (<see cref="IssueTimeBucketWeek"/>), written as <see cref="IssueTimeBucketDays"/> are.</summary>
    public static DayRollupSql IssueTimeBucketWeeks(bool postgres) =>
        new(postgres, "analytics_issue_time_buckets", "analytics_issue_time_bucket_weeks", ["project_id", "kind", "bucket"], ["issues"], RollupPeriod.Week,
            trigger: "analytics_issue_time_buckets_weeks");

    /// <summary>
    /// Every rollup kept this way, in the order a rebuild recounts them (project days after the project hours they sum).
    /// Migrations name the rollups they change instead: this list grows.
    /// </summary>
    public static IEnumerable<DayRollupSql> All(bool postgres) =>
        [EventDays(postgres), ReleaseEventDays(postgres), LifecycleDays(postgres), ProjectEventHours(postgres), ProjectIssueHours(postgres), ProjectEventDays(postgres),
            ProjectLifecycleDays(postgres), SessionDays(postgres), IssueTimeBucketDays(postgres), IssueTimeDays(postgres), ReleaseEventWeeks(postgres), LifecycleWeeks(postgres),
            IssueTimeBucketWeeks(postgres)];

    /// <summary>
    /// The rollup's time for <paramref name="hour"/>: midnight UTC of its day, in the form the provider stores times, or
    /// the hour itself.
    /// </summary>
    private string Day(string hour) => period switch
    {
        RollupPeriod.Hour => hour,
        RollupPeriod.Day => postgres ? $"date_trunc('day', {hour}, 'UTC')" : $"strftime('%Y-%m-%d 00:00:00', {hour})",
        // ISO weeks on PostgreSQL; on SQLite the Sunday on or after, less six days: the Monday on or before.
        _ => postgres ? $"date_trunc('week', {hour}, 'UTC')" : $"strftime('%Y-%m-%d 00:00:00', {hour}, 'weekday 0', '-6 days')",
    };

    private string Time => period switch { RollupPeriod.Hour => "hour", RollupPeriod.Day => "day", _ => "week" };

    // The daily rollups' triggers kept the names M0052 gave them; weekly ones are named where they are made.
    private string Trigger => trigger ?? (period == RollupPeriod.Hour ? $"{days}_sums" : $"{hours}_days");

    private string Columns => string.Join(", ", [.. keys, Time, .. sums]);

    private string Matches(string row) => string.Join(" AND ", [.. keys.Select(k => $"{k} = {row}.{k}"), $"{Time} = {Day($"{row}.hour")}"]);

    /// <summary>
    /// Adds the difference <paramref name="sign"/>×<paramref name="row"/> (or <paramref name="row"/> − <paramref name="minus"/>)
    /// to the row's day, inserting the day when it is missing. Always an upsert: an hour row may rest at zero after a
    /// delete or a merge took its counts away while its day, all zeros, was removed; a later write to that hour must
    /// find or make its day again, not update nothing.
    /// </summary>
    private string Change(string row, string? minus = null, int sign = 1)
    {
        var deltas = sums.Select(s => minus is null ? (sign < 0 ? $"-{row}.{s}" : $"{row}.{s}") : $"{row}.{s} - {minus}.{s}").ToList();
        return $"""
            INSERT INTO {days} ({Columns}) SELECT {string.Join(", ", [.. keys.Select(k => $"{row}.{k}"), Day($"{row}.hour"), .. deltas])}
            WHERE ({string.Join(" OR ", deltas.Select(d => $"({d}) <> 0"))}){(sign < 0 ? $" AND EXISTS (SELECT 1 FROM projects WHERE id = {row}.project_id)" : "")}
            ON CONFLICT ({string.Join(", ", [.. keys, Time])}) DO UPDATE SET {string.Join(", ", sums.Select(s => $"{s} = {days}.{s} + excluded.{s}"))}
            """;
    }

    private string Add(string row) => Change(row);

    /// <summary>
    /// Takes an hour row's sums away from its day. Not for a project being deleted: its rows go by cascade, the days
    /// perhaps first, and a day written back for it would fail the delete on the foreign key.
    /// </summary>
    private IEnumerable<string> Remove(string row)
    {
        yield return Change(row, sign: -1);
        yield return RemoveIfEmpty(row);
    }

    // Sums can be negative for a while (an unmerge takes back what a merge moved), so a day can reach zero from either
    // side: every change checks. Only all zeros mean nothing is left.
    private string RemoveIfEmpty(string row) => $"DELETE FROM {days} WHERE {Matches(row)} AND {string.Join(" AND ", sums.Select(s => $"{s} = 0"))}";

    /// <summary>The digest's common case: more counted in an hour row that was there. One change, not a removal and an addition.</summary>
    private string Grow(string old, string @new) => Change(@new, minus: old);

    private string SameKey(string old, string @new) => string.Join(" AND ", keys.Append("hour").Select(k => $"{old}.{k} = {@new}.{k}"));

    private static string Body(IEnumerable<string> statements) => string.Concat(statements.Select(s => s + "; "));

    public IEnumerable<string> CreateTriggers()
    {
        if (!postgres)
        {
            yield return $"CREATE TRIGGER {Trigger}_insert AFTER INSERT ON {hours} BEGIN {Add("new")}; END;";
            yield return $"CREATE TRIGGER {Trigger}_delete AFTER DELETE ON {hours} BEGIN {Body(Remove("old"))} END;";
            yield return $"CREATE TRIGGER {Trigger}_grow AFTER UPDATE ON {hours} WHEN {SameKey("old", "new")} BEGIN {Grow("old", "new")}; {RemoveIfEmpty("new")}; END;";
            yield return $"CREATE TRIGGER {Trigger}_move AFTER UPDATE ON {hours} WHEN NOT ({SameKey("old", "new")}) BEGIN {Body(Remove("old"))} {Add("new")}; END;";
            yield break;
        }
        yield return $"""
            CREATE FUNCTION {days}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND {SameKey("OLD", "NEW")} THEN
                {Grow("OLD", "NEW")};
                {RemoveIfEmpty("NEW")};
                RETURN NULL;
              END IF;
              IF TG_OP <> 'INSERT' THEN {Body(Remove("OLD"))} END IF;
              IF TG_OP <> 'DELETE' THEN {Add("NEW")}; END IF;
              RETURN NULL;
            END $$;
            """;
        yield return deferred
            ? $"CREATE CONSTRAINT TRIGGER {Trigger} AFTER INSERT OR UPDATE OR DELETE ON {hours} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {days}_sync();"
            : $"CREATE TRIGGER {Trigger} AFTER INSERT OR UPDATE OR DELETE ON {hours} FOR EACH ROW EXECUTE FUNCTION {days}_sync();";
    }

    public IEnumerable<string> DropTriggers()
    {
        if (postgres)
        {
            yield return $"DROP TRIGGER {Trigger} ON {hours};";
            yield return $"DROP FUNCTION {days}_sync();";
            yield break;
        }
        foreach (var trigger in new[] { "insert", "delete", "grow", "move" }) yield return $"DROP TRIGGER {Trigger}_{trigger};";
    }

    /// <summary>
    /// Recounts one project's days (every project's when <paramref name="projectId"/> is null) from its hours. A deferred
    /// trigger's changes still pending in the transaction are applied first, or they would land on the recount at commit.
    /// </summary>
    public IEnumerable<string> Recount(long? projectId)
    {
        if (postgres && deferred) yield return $"SET CONSTRAINTS {Trigger} IMMEDIATE";
        var scope = projectId is { } id ? $"project_id = {id}" : "TRUE";
        yield return $"DELETE FROM {days} WHERE {scope}";
        yield return $"""
            INSERT INTO {days} ({Columns})
            SELECT {string.Join(", ", [.. keys, Day("hour"), .. sums.Select(s => $"sum({s})")])} FROM {hours}
            WHERE {scope} GROUP BY {string.Join(", ", [.. keys, Day("hour")])} HAVING {string.Join(" OR ", sums.Select(s => $"sum({s}) <> 0"))}
            """;
    }
}

/// <summary>What a rollup kept by <see cref="DayRollupSql"/> sums its hours into.</summary>
public enum RollupPeriod
{
    /// <summary>The same hours over fewer keys.</summary>
    Hour,
    Day,

    /// <summary>UTC weeks from Monday 00:00.</summary>
    Week,
}
