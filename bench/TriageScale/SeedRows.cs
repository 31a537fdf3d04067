using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace BugSage.Bench.TriageScale;

/// <summary>One seeded issue's columns.</summary>
internal readonly record struct IssueRow(long Id, long ProjectId, long ShortNumber, string Title, string Culprit, string Level, string Status, long Count, long UserCount,
    DateTime FirstSeen, DateTime LastSeen, string Release, DateTime? ResolvedAt);

/// <summary>One seeded issue-hour count (the issue's first hour), read by top recurring issues.</summary>
internal readonly record struct HourRow(long IssueId, DateTime Hour, long Count);

/// <summary>One seeded tag value of an issue.</summary>
internal readonly record struct TagRow(long IssueId, string Key, string Value, long Count, DateTime FirstSeen, DateTime LastSeen);

/// <summary>One seeded event.</summary>
internal readonly record struct EventRow(long ProjectId, long IssueId, string EventId, DateTime Timestamp, string Level, string Release, string Environment, string Message, string UserKey, string Hash);

/// <summary>A batch of seeded rows, written issues first so that tags and events find theirs.</summary>
internal sealed class SeedBatch
{
    public List<IssueRow> Issues { get; } = [];
    public List<TagRow> Tags { get; } = [];
    public List<EventRow> Events { get; } = [];
    public List<HourRow> Hours { get; } = [];

    public void Clear()
    {
        Issues.Clear();
        Hours.Clear();
        Tags.Clear();
        Events.Clear();
    }
}

/// <summary>
/// Writes seed batches. On PostgreSQL through binary <c>COPY</c>: a million single-row inserts took most of an hour on a
/// busy two-core machine, long before a query was measured. SQLite keeps its prepared inserts, already fast in process.
/// </summary>
internal static class SeedWriter
{
    private static readonly byte[] Payload = new byte[96];

    public static async Task WriteAsync(DbConnection connection, DbTransaction tx, SeedBatch batch)
    {
        if (connection is NpgsqlConnection pg) await CopyAsync(pg, batch);
        else await InsertAsync(connection, tx, batch);
    }

    private static async Task CopyAsync(NpgsqlConnection pg, SeedBatch batch)
    {
        await using (var issues = await pg.BeginBinaryImportAsync(
            "COPY issues (id, project_id, short_number, title, culprit, level, platform, status, substatus, count, user_count, first_seen, last_seen, first_release, last_release, resolved_in_next_release, resolved_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var i in batch.Issues)
            {
                await issues.StartRowAsync();
                await issues.WriteAsync(i.Id, NpgsqlDbType.Bigint);
                await issues.WriteAsync(i.ProjectId, NpgsqlDbType.Bigint);
                await issues.WriteAsync(i.ShortNumber, NpgsqlDbType.Bigint);
                await issues.WriteAsync(i.Title, NpgsqlDbType.Varchar);
                await issues.WriteAsync(i.Culprit, NpgsqlDbType.Varchar);
                await issues.WriteAsync(i.Level, NpgsqlDbType.Varchar);
                await issues.WriteAsync("node", NpgsqlDbType.Varchar);
                await issues.WriteAsync(i.Status, NpgsqlDbType.Varchar);
                await issues.WriteAsync("ongoing", NpgsqlDbType.Varchar);
                await issues.WriteAsync(i.Count, NpgsqlDbType.Bigint);
                await issues.WriteAsync(i.UserCount, NpgsqlDbType.Bigint);
                await issues.WriteAsync(i.FirstSeen, NpgsqlDbType.TimestampTz);
                await issues.WriteAsync(i.LastSeen, NpgsqlDbType.TimestampTz);
                await issues.WriteAsync(i.Release, NpgsqlDbType.Varchar);
                await issues.WriteAsync(i.Release, NpgsqlDbType.Varchar);
                await issues.WriteAsync(false, NpgsqlDbType.Boolean);
                if (i.ResolvedAt is DateTime resolved) await issues.WriteAsync(resolved, NpgsqlDbType.TimestampTz);
                else await issues.WriteNullAsync();
            }
            await issues.CompleteAsync();
        }
        await using (var hours = await pg.BeginBinaryImportAsync("COPY issue_hourly_counts (issue_id, hour, count) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var h in batch.Hours)
            {
                await hours.StartRowAsync();
                await hours.WriteAsync(h.IssueId, NpgsqlDbType.Bigint);
                await hours.WriteAsync(h.Hour, NpgsqlDbType.TimestampTz);
                await hours.WriteAsync(h.Count, NpgsqlDbType.Bigint);
            }
            await hours.CompleteAsync();
        }
        await WriteResolutionsAsync(pg, null, batch);
        await using (var tags = await pg.BeginBinaryImportAsync("COPY issue_tags (issue_id, key, value, count, first_seen, last_seen) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var t in batch.Tags)
            {
                await tags.StartRowAsync();
                await tags.WriteAsync(t.IssueId, NpgsqlDbType.Bigint);
                await tags.WriteAsync(t.Key, NpgsqlDbType.Varchar);
                await tags.WriteAsync(t.Value, NpgsqlDbType.Varchar);
                await tags.WriteAsync(t.Count, NpgsqlDbType.Bigint);
                await tags.WriteAsync(t.FirstSeen, NpgsqlDbType.TimestampTz);
                await tags.WriteAsync(t.LastSeen, NpgsqlDbType.TimestampTz);
            }
            await tags.CompleteAsync();
        }
        await using var events = await pg.BeginBinaryImportAsync(
            "COPY events (project_id, issue_id, event_id, \"timestamp\", received_at, level, release, environment, message, user_key, payload, hash) FROM STDIN (FORMAT BINARY)");
        foreach (var e in batch.Events)
        {
            await events.StartRowAsync();
            await events.WriteAsync(e.ProjectId, NpgsqlDbType.Bigint);
            await events.WriteAsync(e.IssueId, NpgsqlDbType.Bigint);
            await events.WriteAsync(e.EventId, NpgsqlDbType.Varchar);
            await events.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz);
            await events.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz);
            await events.WriteAsync(e.Level, NpgsqlDbType.Varchar);
            await events.WriteAsync(e.Release, NpgsqlDbType.Varchar);
            await events.WriteAsync(e.Environment, NpgsqlDbType.Varchar);
            await events.WriteAsync(e.Message, NpgsqlDbType.Varchar);
            await events.WriteAsync(e.UserKey, NpgsqlDbType.Varchar);
            await events.WriteAsync(Payload, NpgsqlDbType.Bytea);
            await events.WriteAsync(e.Hash, NpgsqlDbType.Varchar);
        }
        await events.CompleteAsync();
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction tx, SeedBatch batch)
    {
        await using var insertIssue = Command(connection, tx, "INSERT INTO issues (id, project_id, short_number, title, culprit, level, platform, status, substatus, count, user_count, first_seen, last_seen, first_release, last_release, resolved_in_next_release, resolved_at) VALUES (@p0, @p11, @p12, @p1, @p2, @p3, 'node', @p4, 'ongoing', @p5, @p6, @p7, @p8, @p9, @p9, 0, @p10)", 13);
        await using var insertHour = Command(connection, tx, "INSERT INTO issue_hourly_counts (issue_id, hour, count) VALUES (@p0, @p1, @p2)", 3);
        await using var insertTag = Command(connection, tx, "INSERT INTO issue_tags (issue_id, key, value, count, first_seen, last_seen) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)", 6);
        await using var insertEvent = Command(connection, tx, "INSERT INTO events (project_id, issue_id, event_id, \"timestamp\", received_at, level, release, environment, message, user_key, payload, hash) VALUES (@p10, @p0, @p1, @p2, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)", 11);
        foreach (var i in batch.Issues)
            await Run(insertIssue, i.Id, i.Title, i.Culprit, i.Level, i.Status, i.Count, i.UserCount, i.FirstSeen, i.LastSeen, i.Release, i.ResolvedAt is DateTime r ? r : DBNull.Value, i.ProjectId, i.ShortNumber);
        foreach (var h in batch.Hours)
            await Run(insertHour, h.IssueId, h.Hour, h.Count);
        await WriteResolutionsAsync(connection, tx, batch);
        foreach (var t in batch.Tags)
            await Run(insertTag, t.IssueId, t.Key, t.Value, t.Count, t.FirstSeen, t.LastSeen);
        foreach (var e in batch.Events)
            await Run(insertEvent, e.IssueId, e.EventId, e.Timestamp, e.Level, e.Release, e.Environment, e.Message, e.UserKey, Payload, e.Hash, e.ProjectId);
    }

    /// <summary>The person's status change that resolved each resolved issue, so triage and resolution times have their activity.</summary>
    private static async Task WriteResolutionsAsync(DbConnection connection, DbTransaction? tx, SeedBatch batch)
    {
        await using var insert = Command(connection, tx, "INSERT INTO issue_activities (issue_id, kind, actor_user_id, actor, data, created_at) VALUES (@p0, 'status_changed', (SELECT min(id) FROM users), 'admin@example.com', '{\"from\":\"unresolved\",\"to\":\"resolved\"}', @p1)", 2);
        foreach (var i in batch.Issues)
            if (i.ResolvedAt is DateTime resolved) await Run(insert, i.Id, resolved);
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i;
            command.Parameters.Add(p);
        }
        return command;
    }

    public static async Task Run(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        await command.ExecuteNonQueryAsync();
    }
}
