namespace BugSage.Core.Analytics;

/// <summary>
/// The SQL that keeps <see cref="IssueDay"/>: triggers on <c>issue_hourly_counts</c>, the one table every path that counts
/// an issue's events writes (the digest, merges, an issue's recount after reprocessing, deletes through their cascade),
/// so the daily sums cannot drift from the hourly ones; and the recount a rebuild runs. A row whose events fall to zero is
/// removed, so the index holds only days an issue had events.
/// <para>
/// Rows carry the project's organization since M0061; <paramref name="organizations"/> false writes them as M0050 did, before
/// that column existed.
/// </para>
/// </summary>
public sealed class IssueDaySql(bool postgres, bool organizations = true)
{
    /// <summary>The columns every written row fills, and where each comes from (<c>i</c> the issue, <c>p</c> its project).</summary>
    private string Columns => organizations ? "issue_id, day, project_id, organization_id, events" : "issue_id, day, project_id, events";

    private string Project => organizations ? "i.project_id, p.organization_id" : "i.project_id";

    /// <summary>Midnight UTC of the day holding <paramref name="hour"/>, in the form the provider stores times.</summary>
    private string Day(string hour) => postgres ? $"date_trunc('day', {hour}, 'UTC')" : $"strftime('%Y-%m-%d 00:00:00', {hour})";

    private string Add(string row) => $"""
        INSERT INTO analytics_issue_days ({Columns})
        SELECT {row}.issue_id, {Day($"{row}.hour")}, {Project}, {row}.count
        FROM issues i JOIN projects p ON p.id = i.project_id WHERE i.id = {row}.issue_id
        ON CONFLICT (issue_id, day) DO UPDATE SET events = analytics_issue_days.events + excluded.events
        """;

    private IEnumerable<string> Remove(string row)
    {
        yield return $"UPDATE analytics_issue_days SET events = events - {row}.count WHERE issue_id = {row}.issue_id AND day = {Day($"{row}.hour")}";
        yield return $"DELETE FROM analytics_issue_days WHERE issue_id = {row}.issue_id AND day = {Day($"{row}.hour")} AND events <= 0";
    }

    /// <summary>The digest's common case: more events in an hour the issue already had. One statement, not a removal and an addition.</summary>
    private string Grow(string old, string @new) =>
        $"UPDATE analytics_issue_days SET events = events + {@new}.count - {old}.count WHERE issue_id = {@new}.issue_id AND day = {Day($"{@new}.hour")}";

    private static string SameKey(string old, string @new) => $"{old}.issue_id = {@new}.issue_id AND {old}.hour = {@new}.hour";

    private static string Body(IEnumerable<string> statements) => string.Concat(statements.Select(s => s + "; "));

    public IEnumerable<string> CreateTriggers()
    {
        if (!postgres)
        {
            yield return $"CREATE TRIGGER issue_hourly_counts_days_insert AFTER INSERT ON issue_hourly_counts BEGIN {Add("new")}; END;";
            yield return $"CREATE TRIGGER issue_hourly_counts_days_delete AFTER DELETE ON issue_hourly_counts BEGIN {Body(Remove("old"))} END;";
            yield return $"CREATE TRIGGER issue_hourly_counts_days_grow AFTER UPDATE ON issue_hourly_counts WHEN {SameKey("old", "new")} BEGIN {Grow("old", "new")}; END;";
            yield return $"CREATE TRIGGER issue_hourly_counts_days_move AFTER UPDATE ON issue_hourly_counts WHEN NOT ({SameKey("old", "new")}) BEGIN {Body(Remove("old"))} {Add("new")}; END;";
            yield break;
        }
        yield return $"""
            CREATE FUNCTION analytics_issue_days_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND {SameKey("OLD", "NEW")} THEN
                {Grow("OLD", "NEW")};
                RETURN NULL;
              END IF;
              IF TG_OP <> 'INSERT' THEN {Body(Remove("OLD"))} END IF;
              IF TG_OP <> 'DELETE' THEN {Add("NEW")}; END IF;
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

    /// <summary>Recounts the daily sums of one project's issues (all projects when <paramref name="projectId"/> is null) from their hourly counts.</summary>
    public IEnumerable<string> Recount(long? projectId)
    {
        var scope = projectId is { } id ? $"project_id = {id}" : "TRUE";
        yield return $"DELETE FROM analytics_issue_days WHERE {scope}";
        scope = projectId is { } project ? $"i.project_id = {project}" : "TRUE";
        yield return $"""
            INSERT INTO analytics_issue_days ({Columns})
            SELECT h.issue_id, {Day("h.hour")}, {Project}, sum(h.count)
            FROM issue_hourly_counts h JOIN issues i ON i.id = h.issue_id JOIN projects p ON p.id = i.project_id
            WHERE {scope} GROUP BY h.issue_id, {Day("h.hour")}, {Project} HAVING sum(h.count) > 0
            """;
    }
}
