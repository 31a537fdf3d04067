using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BugSage.Bench.TriageScale;

/// <summary>
/// Writes issues, their tags, hourly counts and events straight into a migrated, bootstrapped database (project 1).
/// Titles come from a vocabulary so that free-text search has common and rare words to find. Resolved issues carry a
/// resolution time and the person's status change that resolved them, so analytics read resolution and triage times.
/// </summary>
internal sealed class Seeder(DbConnection connection, bool postgres, int issues, int events)
{
    private static readonly string[] Types = ["TypeError", "ReferenceError", "NullReferenceException", "KeyError", "TimeoutError", "ValueError", "IOException", "SqlException"];
    private static readonly string[] Words = ["user", "order", "invoice", "payment", "cart", "session", "token", "profile", "report", "upload", "search", "export", "gateway", "cache", "queue", "mailer", "billing", "inventory", "shipping", "catalog"];
    private static readonly string[] Statuses = ["unresolved", "unresolved", "unresolved", "unresolved", "unresolved", "unresolved", "unresolved", "resolved", "resolved", "ignored"];
    private static readonly string[] Levels = ["error", "error", "error", "warning", "fatal", "info"];
    private readonly Random random = new(42);
    private readonly DateTime now = DateTime.UtcNow;

    public async Task SeedAsync()
    {
        await using var tx = await connection.BeginTransactionAsync();
        var insertIssue = Command(tx, "INSERT INTO issues (id, project_id, short_number, title, culprit, level, platform, status, substatus, count, user_count, first_seen, last_seen, first_release, last_release, resolved_in_next_release, resolved_at) VALUES (@p0, 1, @p0, @p1, @p2, @p3, 'node', @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p10, @p11, @p12)", 13);
        var insertHour = Command(tx, "INSERT INTO issue_hourly_counts (issue_id, hour, count) VALUES (@p0, @p1, @p2)", 3);
        var insertResolution = Command(tx, "INSERT INTO issue_activities (issue_id, kind, actor_user_id, actor, data, created_at) VALUES (@p0, 'status_changed', (SELECT min(id) FROM users), 'admin@example.com', '{\"from\":\"unresolved\",\"to\":\"resolved\"}', @p1)", 2);
        var insertTag = Command(tx, "INSERT INTO issue_tags (issue_id, key, value, count, first_seen, last_seen) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)", 6);
        var insertEvent = Command(tx, "INSERT INTO events (project_id, issue_id, event_id, \"timestamp\", received_at, level, release, environment, message, user_key, payload, hash) VALUES (1, @p0, @p1, @p2, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)", 10);
        var eventsPerIssue = events / issues;
        var payload = new byte[96];
        for (var id = 1; id <= issues; id++)
        {
            var type = Types[random.Next(Types.Length)];
            var noun = Words[random.Next(Words.Length)];
            var title = $"{type}: Cannot load {noun} {Words[random.Next(Words.Length)]} for request {id}";
            var first = now.AddMinutes(-random.Next(60 * 24 * 30));
            var last = first.AddMinutes(random.Next(0, Math.Max(1, (int)(now - first).TotalMinutes)));
            var level = Levels[random.Next(Levels.Length)];
            var release = $"app@1.{random.Next(20)}.0";
            var status = Statuses[random.Next(Statuses.Length)];
            object resolvedAt = status == "resolved" ? last.AddMinutes(random.Next(0, 60 * 24 * 3)) is var at && at < now ? at : now : DBNull.Value;
            await Run(insertIssue, id, title, $"handle{noun}(/srv/app/src/{noun}s.js)", level, status, "ongoing",
                (long)eventsPerIssue + random.Next(0, 50), (long)random.Next(0, 500), first, last, release, false, resolvedAt);
            if (resolvedAt is DateTime resolved) await Run(insertResolution, id, resolved);
            await Run(insertHour, id, new DateTime(first.Ticks - first.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc), (long)Math.Max(1, eventsPerIssue));
            foreach (var (key, value) in new[] { ("environment", random.Next(4) == 0 ? "staging" : "production"), ("release", release), ("level", level), ("server_name", $"web-{random.Next(12)}"), ("browser", $"Chrome {120 + random.Next(10)}") })
                await Run(insertTag, id, key, value, (long)eventsPerIssue, first, last);
            for (var e = 0; e < eventsPerIssue; e++)
                await Run(insertEvent, id, Guid.NewGuid().ToString("N"), first.AddSeconds(e), level, release, "production", title, "id:u" + random.Next(5000), payload, "h" + id);
            if (id % 10_000 == 0) Console.WriteLine($"  seeded {id:N0} issues, {id * eventsPerIssue:N0} events");
        }
        // The seeded rows took explicit ids; move the sequences past them.
        if (postgres) await Run(Command(tx, "SELECT setval(pg_get_serial_sequence('issues', 'id'), @p0)", 1), (long)issues);
        await Run(Command(tx, "UPDATE projects SET next_issue_number = @p0 WHERE id = 1", 1), (long)issues + 1);
        await tx.CommitAsync();
        // Fresh planner statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would leave them.
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    private DbCommand Command(DbTransaction tx, string sql, int parameters)
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

    private static async Task Run(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        await command.ExecuteNonQueryAsync();
    }

    public static DbConnection Open(bool postgres, string connectionString)
    {
        DbConnection c = postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        c.Open();
        return c;
    }
}
