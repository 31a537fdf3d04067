using BugSage.Core.Issues;

namespace BugSage.Core.Analytics;

/// <summary>
/// The SQL that keeps <see cref="IssueTimeHour"/> and <see cref="IssueTimeBucket"/>: triggers on <c>issues</c> (every
/// path that resolves, reopens, regresses, merges, imports or deletes an issue changes that row, so the row is the one
/// home of the rollup) and on <c>issue_activities</c> (a person's first triage), and the recount a rebuild runs. Each
/// issue contributes up to three facts; a change takes the old row's facts away and adds the new row's. Removals are
/// plain updates, never inserts, so deleting a project (whose rollups cascade) cannot recreate a rollup row for it.
/// </summary>
public sealed class IssueTimeSql(bool postgres)
{
    /// <summary>The activities that count as a person's triage, as the analytics answer defines it.</summary>
    public static readonly string[] TriageKinds = [ActivityKinds.StatusChanged, ActivityKinds.Assigned, ActivityKinds.Comment];

    private static string TriageKindList => string.Join(", ", TriageKinds.Select(k => $"'{k}'"));

    /// <summary>The whole hour at or before <paramref name="at"/>, in the form the provider stores times (UTC).</summary>
    private string Floor(string at) => postgres ? $"date_trunc('hour', {at}, 'UTC')" : $"strftime('%Y-%m-%d %H:00:00', {at})";

    /// <summary>The first whole hour at or after <paramref name="at"/>.</summary>
    private string Ceiling(string at) => postgres
        ? $"(CASE WHEN date_trunc('hour', {at}, 'UTC') = {at} THEN {at} ELSE date_trunc('hour', {at}, 'UTC') + interval '1 hour' END)"
        : $"(CASE WHEN {at} = strftime('%Y-%m-%d %H:00:00', {at}) THEN {at} ELSE strftime('%Y-%m-%d %H:00:00', {at}, '+1 hour') END)";

    /// <summary>Milliseconds from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private string Ms(string from, string to) => postgres
        ? $"round(extract(epoch from ({to} - {from})) * 1000)::bigint"
        : $"CAST(round((julianday({to}) - julianday({from})) * 86400000.0) AS INTEGER)";

    private string TriageMs(string row) => postgres
        ? $"greatest(0, {Ms($"{row}.first_seen", $"{row}.first_triaged_at")})"
        : $"max(0, {Ms($"{row}.first_seen", $"{row}.first_triaged_at")})";

    private static string Bucket(string ms) =>
        "CASE " + string.Concat(DurationHistogram.Bounds.Select((b, k) => $"WHEN {ms} < {b} THEN {k} ")) + $"ELSE {DurationHistogram.Bounds.Length} END";

    private const string UpsertTimes = """
        ON CONFLICT (project_id, hour) DO UPDATE SET resolved = analytics_issue_times.resolved + excluded.resolved,
          resolve_ms = analytics_issue_times.resolve_ms + excluded.resolve_ms, triaged = analytics_issue_times.triaged + excluded.triaged,
          triage_ms = analytics_issue_times.triage_ms + excluded.triage_ms, open_issues = analytics_issue_times.open_issues + excluded.open_issues
        """;

    private const string UpsertBuckets = "ON CONFLICT (project_id, hour, kind, bucket) DO UPDATE SET issues = analytics_issue_time_buckets.issues + excluded.issues";

    private const string TimeColumns = "INSERT INTO analytics_issue_times (project_id, hour, resolved, resolve_ms, triaged, triage_ms, open_issues)";
    private const string BucketColumns = "INSERT INTO analytics_issue_time_buckets (project_id, hour, kind, bucket, issues)";

    /// <summary>Statements adding the facts of the row <paramref name="row"/> (<c>new</c> in a trigger).</summary>
    public IEnumerable<string> Add(string row)
    {
        yield return $"{TimeColumns} SELECT {row}.project_id, {Floor($"{row}.resolved_at")}, 1, {Ms($"{row}.first_seen", $"{row}.resolved_at")}, 0, 0, 0 WHERE {row}.resolved_at IS NOT NULL {UpsertTimes}";
        yield return $"{TimeColumns} SELECT {row}.project_id, {Floor($"{row}.first_seen")}, 0, 0, 1, {TriageMs(row)}, 0 WHERE {row}.first_triaged_at IS NOT NULL {UpsertTimes}";
        yield return $"{TimeColumns} SELECT {row}.project_id, {Ceiling($"{row}.first_seen")}, 0, 0, 0, 0, 1 WHERE {row}.status = '{IssueStatus.Unresolved}' {UpsertTimes}";
        yield return $"{BucketColumns} SELECT {row}.project_id, {Floor($"{row}.resolved_at")}, {DurationHistogram.Resolve}, {Bucket("d.ms")}, 1 FROM (SELECT {Ms($"{row}.first_seen", $"{row}.resolved_at")} AS ms) AS d WHERE {row}.resolved_at IS NOT NULL {UpsertBuckets}";
        yield return $"{BucketColumns} SELECT {row}.project_id, {Floor($"{row}.first_seen")}, {DurationHistogram.Triage}, {Bucket("d.ms")}, 1 FROM (SELECT {TriageMs(row)} AS ms) AS d WHERE {row}.first_triaged_at IS NOT NULL {UpsertBuckets}";
    }

    /// <summary>Statements taking away the facts of the row <paramref name="row"/> (<c>old</c> in a trigger).</summary>
    public IEnumerable<string> Remove(string row)
    {
        yield return $"UPDATE analytics_issue_times SET resolved = resolved - 1, resolve_ms = resolve_ms - {Ms($"{row}.first_seen", $"{row}.resolved_at")} WHERE {row}.resolved_at IS NOT NULL AND project_id = {row}.project_id AND hour = {Floor($"{row}.resolved_at")}";
        yield return $"UPDATE analytics_issue_times SET triaged = triaged - 1, triage_ms = triage_ms - {TriageMs(row)} WHERE {row}.first_triaged_at IS NOT NULL AND project_id = {row}.project_id AND hour = {Floor($"{row}.first_seen")}";
        yield return $"UPDATE analytics_issue_times SET open_issues = open_issues - 1 WHERE {row}.status = '{IssueStatus.Unresolved}' AND project_id = {row}.project_id AND hour = {Ceiling($"{row}.first_seen")}";
        yield return $"UPDATE analytics_issue_time_buckets SET issues = issues - 1 WHERE {row}.resolved_at IS NOT NULL AND project_id = {row}.project_id AND hour = {Floor($"{row}.resolved_at")} AND kind = {DurationHistogram.Resolve} AND bucket = ({Bucket(Ms($"{row}.first_seen", $"{row}.resolved_at"))})";
        yield return $"UPDATE analytics_issue_time_buckets SET issues = issues - 1 WHERE {row}.first_triaged_at IS NOT NULL AND project_id = {row}.project_id AND hour = {Floor($"{row}.first_seen")} AND kind = {DurationHistogram.Triage} AND bucket = ({Bucket(TriageMs(row))})";
    }

    private const string Watched = "status, first_seen, resolved_at, first_triaged_at, project_id";

    private static string Changed(string distinct) => string.Join(" OR ",
        Watched.Split(", ").Select(c => $"old.{c} {distinct} new.{c}"));

    private string FirstTriage(string row) =>
        $"UPDATE issues SET first_triaged_at = {row}.created_at WHERE id = {row}.issue_id AND (first_triaged_at IS NULL OR first_triaged_at > {row}.created_at)";

    private static string IsTriage(string row) => $"{row}.actor_user_id IS NOT NULL AND {row}.kind IN ({TriageKindList})";

    /// <summary>The triggers (and on PostgreSQL their functions) that keep the rollups and <c>issues.first_triaged_at</c>.</summary>
    public IEnumerable<string> CreateTriggers()
    {
        if (!postgres)
        {
            yield return $"CREATE TRIGGER issues_analytics_times_insert AFTER INSERT ON issues BEGIN {Body(Add("new"))} END;";
            yield return $"CREATE TRIGGER issues_analytics_times_delete AFTER DELETE ON issues BEGIN {Body(Remove("old"))} END;";
            yield return $"CREATE TRIGGER issues_analytics_times_update AFTER UPDATE OF {Watched} ON issues WHEN {Changed("IS NOT")} BEGIN {Body(Remove("old").Concat(Add("new")))} END;";
            yield return $"CREATE TRIGGER issue_activities_first_triage_insert AFTER INSERT ON issue_activities WHEN {IsTriage("new")} BEGIN {FirstTriage("new")}; END;";
            // A merge moves the merged issues' history to the target, whose first triage may be among it.
            yield return $"CREATE TRIGGER issue_activities_first_triage_move AFTER UPDATE OF issue_id ON issue_activities WHEN {IsTriage("new")} BEGIN {FirstTriage("new")}; END;";
            yield break;
        }
        yield return $"""
            CREATE FUNCTION analytics_issue_times_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP <> 'INSERT' THEN {Body(Remove("OLD"))} END IF;
              IF TG_OP <> 'DELETE' THEN {Body(Add("NEW"))} END IF;
              RETURN NULL;
            END $$;
            """;
        yield return "CREATE TRIGGER issues_analytics_times_insert AFTER INSERT ON issues FOR EACH ROW EXECUTE FUNCTION analytics_issue_times_sync();";
        yield return "CREATE TRIGGER issues_analytics_times_delete AFTER DELETE ON issues FOR EACH ROW EXECUTE FUNCTION analytics_issue_times_sync();";
        yield return $"CREATE TRIGGER issues_analytics_times_update AFTER UPDATE OF {Watched} ON issues FOR EACH ROW WHEN ({Changed("IS DISTINCT FROM")}) EXECUTE FUNCTION analytics_issue_times_sync();";
        yield return $"""
            CREATE FUNCTION issue_activities_first_triage() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              {FirstTriage("NEW")};
              RETURN NULL;
            END $$;
            """;
        yield return $"CREATE TRIGGER issue_activities_first_triage_insert AFTER INSERT ON issue_activities FOR EACH ROW WHEN ({IsTriage("NEW")}) EXECUTE FUNCTION issue_activities_first_triage();";
        yield return $"CREATE TRIGGER issue_activities_first_triage_move AFTER UPDATE OF issue_id ON issue_activities FOR EACH ROW WHEN ({IsTriage("NEW")}) EXECUTE FUNCTION issue_activities_first_triage();";
    }

    public IEnumerable<string> DropTriggers()
    {
        foreach (var (trigger, table) in new[] { ("issues_analytics_times_insert", "issues"), ("issues_analytics_times_delete", "issues"), ("issues_analytics_times_update", "issues"),
            ("issue_activities_first_triage_insert", "issue_activities"), ("issue_activities_first_triage_move", "issue_activities") })
            yield return postgres ? $"DROP TRIGGER {trigger} ON {table};" : $"DROP TRIGGER {trigger};";
        if (!postgres) yield break;
        yield return "DROP FUNCTION analytics_issue_times_sync();";
        yield return "DROP FUNCTION issue_activities_first_triage();";
    }

    private static string Body(IEnumerable<string> statements) => string.Concat(statements.Select(s => s + "; "));

    /// <summary>
    /// Recounts from the issues and their history (of one project, or of all with <paramref name="projectId"/> null):
    /// each issue's first triage, then the hours and buckets. Runs inside the caller's transaction; the triggers fire on
    /// the first-triage fix-ups, and the rows they touch are replaced right after.
    /// </summary>
    public IEnumerable<string> Recount(long? projectId)
    {
        var scope = projectId is { } id ? $"project_id = {id}" : "TRUE";
        var firstTriage = $"(SELECT min(a.created_at) FROM issue_activities a WHERE a.issue_id = issues.id AND {IsTriage("a")})";
        yield return $"UPDATE issues SET first_triaged_at = {firstTriage} WHERE {scope} AND first_triaged_at {(postgres ? "IS DISTINCT FROM" : "IS NOT")} {firstTriage}";
        yield return $"DELETE FROM analytics_issue_times WHERE {scope}";
        yield return $"DELETE FROM analytics_issue_time_buckets WHERE {scope}";
        const string i = "i";
        yield return $"""
            {TimeColumns}
            SELECT project_id, hour, sum(resolved), sum(resolve_ms), sum(triaged), sum(triage_ms), sum(open_issues) FROM (
              SELECT project_id, {Floor("i.resolved_at")} AS hour, 1 AS resolved, {Ms("i.first_seen", "i.resolved_at")} AS resolve_ms, 0 AS triaged, 0 AS triage_ms, 0 AS open_issues
                FROM issues i WHERE {scope} AND i.resolved_at IS NOT NULL
              UNION ALL
              SELECT project_id, {Floor("i.first_seen")}, 0, 0, 1, {TriageMs(i)}, 0 FROM issues i WHERE {scope} AND i.first_triaged_at IS NOT NULL
              UNION ALL
              SELECT project_id, {Ceiling("i.first_seen")}, 0, 0, 0, 0, 1 FROM issues i WHERE {scope} AND i.status = '{IssueStatus.Unresolved}'
            ) AS facts GROUP BY 1, 2
            """;
        yield return $"""
            {BucketColumns}
            SELECT project_id, hour, kind, {Bucket("ms")}, count(*) FROM (
              SELECT project_id, {Floor("i.resolved_at")} AS hour, {DurationHistogram.Resolve} AS kind, {Ms("i.first_seen", "i.resolved_at")} AS ms
                FROM issues i WHERE {scope} AND i.resolved_at IS NOT NULL
              UNION ALL
              SELECT project_id, {Floor("i.first_seen")}, {DurationHistogram.Triage}, {TriageMs(i)} FROM issues i WHERE {scope} AND i.first_triaged_at IS NOT NULL
            ) AS facts GROUP BY 1, 2, 3, 4
            """;
    }
}
