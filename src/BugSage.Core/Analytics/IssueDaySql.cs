namespace BugSage.Core.Analytics;

/// <summary>
/// The SQL that keeps <see cref="IssueDay"/> and <see cref="IssueWeek"/>: triggers on <c>issue_hourly_counts</c>, the one
/// table every path that counts an issue's events writes (the digest, merges, an issue's recount after reprocessing,
/// deletes through their cascade), so the daily and weekly sums cannot drift from the hourly ones; and the recount a
/// rebuild runs. A row whose events fall to zero is removed (since M0065 also when an hour's count falls in place), so the
/// indexes hold only days and weeks an issue had events.
/// Each change writes the day, then the week: every writer locks them in that order.
/// <para>
/// Rows carry the project's organization since M0061, and weeks exist since M0065; <paramref name="organizations"/> and
/// <paramref name="weeks"/> false write them as the migrations before did.
/// </para>
/// </summary>
public sealed class IssueDaySql(bool postgres, bool organizations = true, bool weeks = true)
{
    /// <summary>A table kept: its name, its time column, and that time for an hour (midnight of its day, or Monday of its week).</summary>
    private sealed record Period(string Table, string Column, Func<string, string> Of);

    private IEnumerable<Period> Periods
    {
        get
        {
            // Weekly rows carry the organization: no week table was ever written without it.
            if (weeks && !organizations) throw new InvalidOperationException("Weekly issue sums (M0065) came after the organization column (M0061).");
            yield return new Period("analytics_issue_days", "day", Day);
            if (weeks) yield return new Period("analytics_issue_weeks", "week", Week);
        }
    }

    /// <summary>The columns every written row fills, and where each comes from (<c>i</c> the issue, <c>p</c> its project).</summary>
    private string Columns(Period period) => organizations
        ? $"issue_id, {period.Column}, project_id, organization_id, events" : $"issue_id, {period.Column}, project_id, events";

    private string Project => organizations ? "i.project_id, p.organization_id" : "i.project_id";

    /// <summary>Midnight UTC of the day holding <paramref name="hour"/>, in the form the provider stores times.</summary>
    private string Day(string hour) => postgres ? $"date_trunc('day', {hour}, 'UTC')" : $"strftime('%Y-%m-%d 00:00:00', {hour})";

    /// <summary>Monday 00:00 UTC of the week holding <paramref name="hour"/>, as <see cref="DayRollupSql"/>'s weeks.</summary>
    private string Week(string hour) => postgres ? $"date_trunc('week', {hour}, 'UTC')" : $"strftime('%Y-%m-%d 00:00:00', {hour}, 'weekday 0', '-6 days')";

    private IEnumerable<string> Add(string row) => Periods.Select(period => $"""
        INSERT INTO {period.Table} ({Columns(period)})
        SELECT {row}.issue_id, {period.Of($"{row}.hour")}, {Project}, {row}.count
        FROM issues i JOIN projects p ON p.id = i.project_id WHERE i.id = {row}.issue_id
        ON CONFLICT (issue_id, {period.Column}) DO UPDATE SET events = {period.Table}.events + excluded.events
        """);

    private IEnumerable<string> Remove(string row) => Periods.SelectMany(period => new[]
    {
        $"UPDATE {period.Table} SET events = events - {row}.count WHERE issue_id = {row}.issue_id AND {period.Column} = {period.Of($"{row}.hour")}",
        RemoveIfEmpty(period, row),
    });

    private static string RemoveIfEmpty(Period period, string row) =>
        $"DELETE FROM {period.Table} WHERE issue_id = {row}.issue_id AND {period.Column} = {period.Of($"{row}.hour")} AND events <= 0";

    /// <summary>
    /// After an hour's count fell in place (no path of the product lowers one today, but the rows must not keep a zero that
    /// says an issue had a day or week it did not): its day and week are removed when nothing is left. Only then, so the
    /// digest's growing counts pay no delete (on SQLite, a delete whose condition is false before it reads a row).
    /// </summary>
    private IEnumerable<string> RemoveIfShrunkToNothing(string row) => Periods.Select(period => RemoveIfEmpty(period, row));

    /// <summary>The digest's common case: more events in an hour the issue already had. One statement per table, not a removal and an addition.</summary>
    private IEnumerable<string> Grow(string old, string @new) => Periods.Select(period =>
        $"UPDATE {period.Table} SET events = events + {@new}.count - {old}.count WHERE issue_id = {@new}.issue_id AND {period.Column} = {period.Of($"{@new}.hour")}");

    private static string SameKey(string old, string @new) => $"{old}.issue_id = {@new}.issue_id AND {old}.hour = {@new}.hour";

    private static string Body(IEnumerable<string> statements) => string.Concat(statements.Select(s => s + "; "));

    public IEnumerable<string> CreateTriggers()
    {
        if (!postgres)
        {
            yield return $"CREATE TRIGGER issue_hourly_counts_days_insert AFTER INSERT ON issue_hourly_counts BEGIN {Body(Add("new"))} END;";
            yield return $"CREATE TRIGGER issue_hourly_counts_days_delete AFTER DELETE ON issue_hourly_counts BEGIN {Body(Remove("old"))} END;";
            // In the one trigger, after the change: SQLite does not promise the order two triggers of one event run in.
            yield return $"CREATE TRIGGER issue_hourly_counts_days_grow AFTER UPDATE ON issue_hourly_counts WHEN {SameKey("old", "new")} BEGIN {Body(Grow("old", "new"))}" +
                $"{(weeks ? Body(RemoveIfShrunkToNothing("new").Select(delete => $"{delete} AND new.count < old.count")) : "")} END;";
            yield return $"CREATE TRIGGER issue_hourly_counts_days_move AFTER UPDATE ON issue_hourly_counts WHEN NOT ({SameKey("old", "new")}) BEGIN {Body(Remove("old"))} {Body(Add("new"))} END;";
            yield break;
        }
        yield return $"""
            CREATE FUNCTION analytics_issue_days_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND {SameKey("OLD", "NEW")} THEN
                {Body(Grow("OLD", "NEW"))}{(weeks ? $"\n                IF NEW.count < OLD.count THEN {Body(RemoveIfShrunkToNothing("NEW"))} END IF;" : "")}
                RETURN NULL;
              END IF;
              IF TG_OP <> 'INSERT' THEN {Body(Remove("OLD"))} END IF;
              IF TG_OP <> 'DELETE' THEN {Body(Add("NEW"))} END IF;
              RETURN NULL;
            END $$;
            """;
        yield return "CREATE TRIGGER issue_hourly_counts_days AFTER INSERT OR UPDATE OR DELETE ON issue_hourly_counts FOR EACH ROW EXECUTE FUNCTION analytics_issue_days_sync();";
    }

    public IEnumerable<string> DropTriggers()
    {
        if (postgres)
        {
            yield return "DROP TRIGGER IF EXISTS issue_hourly_counts_days ON issue_hourly_counts;";
            yield return "DROP FUNCTION IF EXISTS analytics_issue_days_sync();";
            yield break;
        }
        foreach (var trigger in new[] { "insert", "delete", "grow", "move" }) yield return $"DROP TRIGGER IF EXISTS issue_hourly_counts_days_{trigger};";
    }

    /// <summary>
    /// Recounts the daily sums of one project's issues (all projects when <paramref name="projectId"/> is null) from their
    /// hourly counts, then the weekly sums from the days.
    /// </summary>
    public IEnumerable<string> Recount(long? projectId)
    {
        var scope = projectId is { } id ? $"project_id = {id}" : "TRUE";
        foreach (var period in Periods) yield return $"DELETE FROM {period.Table} WHERE {scope}";
        var issues = projectId is { } project ? $"i.project_id = {project}" : "TRUE";
        var days = Periods.First();
        yield return $"""
            INSERT INTO {days.Table} ({Columns(days)})
            SELECT h.issue_id, {Day("h.hour")}, {Project}, sum(h.count)
            FROM issue_hourly_counts h JOIN issues i ON i.id = h.issue_id JOIN projects p ON p.id = i.project_id
            WHERE {issues} GROUP BY h.issue_id, {Day("h.hour")}, {Project} HAVING sum(h.count) > 0
            """;
        if (weeks) yield return WeeksFromDays(scope);
    }

    /// <summary>The weekly sums of the day rows in <paramref name="scope"/> (a condition on the day table): M0065's backfill and a recount's last step.</summary>
    public string WeeksFromDays(string scope = "TRUE")
    {
        var week = Periods.Last();
        return $"""
            INSERT INTO {week.Table} ({Columns(week)})
            SELECT issue_id, {Week("day")}, project_id, organization_id, sum(events) FROM analytics_issue_days
            WHERE {scope} GROUP BY issue_id, {Week("day")}, project_id, organization_id HAVING sum(events) > 0
            """;
    }
}
