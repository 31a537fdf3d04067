using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BugSage.Bench.TriageScale;

/// <summary>
/// Writes issues, their tags, hourly counts and events straight into a migrated, bootstrapped database: into project 1, or
/// with <c>--all-projects</c> round-robin over every project the database holds (created beforehand through the API), so
/// that an organization's answer reads many busy projects.
/// Titles come from a vocabulary so that free-text search has common and rare words to find. Resolved issues carry a
/// resolution time and the person's status change that resolved them, so analytics read resolution and triage times.
/// <para>
/// Two shapes. The issue lists' (the default): first sightings over the last 30 days, each issue's events seconds apart in
/// its first hour, all in production. The analytics shape (<c>--analytics-shape</c>): first sightings over the last 90
/// days, each issue's events at random times between its first and last sighting (so over many hours and days), in
/// production, staging or development (6:3:1), which is what a 90-day analytics answer reads in a live project.
/// </para>
/// </summary>
internal sealed class Seeder(DbConnection connection, bool postgres, int issues, int events, bool analyticsShape = false, bool allProjects = false)
{
    private static readonly string[] Environments = ["production", "production", "production", "production", "production", "production", "staging", "staging", "staging", "development"];
    private static readonly string[] Types = ["TypeError", "ReferenceError", "NullReferenceException", "KeyError", "TimeoutError", "ValueError", "IOException", "SqlException"];
    private static readonly string[] Words = ["user", "order", "invoice", "payment", "cart", "session", "token", "profile", "report", "upload", "search", "export", "gateway", "cache", "queue", "mailer", "billing", "inventory", "shipping", "catalog"];
    private static readonly string[] Statuses = ["unresolved", "unresolved", "unresolved", "unresolved", "unresolved", "unresolved", "unresolved", "resolved", "resolved", "ignored"];
    private static readonly string[] Levels = ["error", "error", "error", "warning", "fatal", "info"];
    private readonly Random random = new(42);
    private readonly DateTime now = DateTime.UtcNow;

    public async Task SeedAsync()
    {
        await using var tx = await connection.BeginTransactionAsync();
        var projects = allProjects ? await ProjectIdsAsync(tx) : [1L];
        var eventsPerIssue = events / issues;
        var batch = new SeedBatch();
        for (var id = 1; id <= issues; id++)
        {
            var type = Types[random.Next(Types.Length)];
            var noun = Words[random.Next(Words.Length)];
            var title = $"{type}: Cannot load {noun} {Words[random.Next(Words.Length)]} for request {id}";
            var first = now.AddMinutes(-random.Next(60 * 24 * (analyticsShape ? 90 : 30)));
            var last = first.AddMinutes(random.Next(0, Math.Max(1, (int)(now - first).TotalMinutes)));
            var level = Levels[random.Next(Levels.Length)];
            var release = $"app@1.{random.Next(20)}.0";
            var status = Statuses[random.Next(Statuses.Length)];
            DateTime? resolvedAt = status == "resolved" ? last.AddMinutes(random.Next(0, 60 * 24 * 3)) is var at && at < now ? at : now : null;
            var projectId = projects[(id - 1) % projects.Count];
            var shortNumber = (id - 1) / projects.Count + 1;
            batch.Issues.Add(new IssueRow(id, projectId, shortNumber, title, $"handle{noun}(/srv/app/src/{noun}s.js)", level, status,
                (long)eventsPerIssue + random.Next(0, 50), random.Next(0, 500), first, last, release, resolvedAt));
            var times = Enumerable.Range(0, eventsPerIssue)
                .Select(e => !analyticsShape ? first.AddSeconds(e) : e == 0 ? first : first.AddTicks((long)(random.NextDouble() * (last - first).Ticks))).ToList();
            if (times.Count == 0) batch.Hours.Add(new HourRow(id, HourOf(first), 1));
            foreach (var hour in times.GroupBy(HourOf)) batch.Hours.Add(new HourRow(id, hour.Key, hour.Count()));
            foreach (var (key, value) in new[] { ("environment", random.Next(4) == 0 ? "staging" : "production"), ("release", release), ("level", level), ("server_name", $"web-{random.Next(12)}"), ("browser", $"Chrome {120 + random.Next(10)}") })
                batch.Tags.Add(new TagRow(id, key, value, eventsPerIssue, first, last));
            foreach (var time in times)
                batch.Events.Add(new EventRow(projectId, id, Guid.NewGuid().ToString("N"), time, level, release,
                    analyticsShape ? Environments[random.Next(Environments.Length)] : "production", title, "id:u" + random.Next(5000), "h" + id));
            if (id % 10_000 == 0 || id == issues)
            {
                await SeedWriter.WriteAsync(connection, tx, batch);
                batch.Clear();
                Console.WriteLine($"  seeded {id:N0} issues, {id * eventsPerIssue:N0} events");
            }
        }
        // The seeded rows took explicit ids; move the sequences past them.
        if (postgres) await SeedWriter.Run(SeedWriter.Command(connection, tx, "SELECT setval(pg_get_serial_sequence('issues', 'id'), @p0)", 1), (long)issues);
        for (var k = 0; k < projects.Count; k++)
            await SeedWriter.Run(SeedWriter.Command(connection, tx, "UPDATE projects SET next_issue_number = @p0 WHERE id = @p1", 2),
                (long)(issues > k ? (issues - k - 1) / projects.Count + 2 : 1), projects[k]);
        await tx.CommitAsync();
        // Fresh planner statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would leave them. On PostgreSQL also the
        // visibility map and hint bits autovacuum sets within a minute of a bulk load: measured right after the load, an
        // index-only probe of the tag filter could not skip the heap, and `release:… is:unresolved` took 103–141 ms at the
        // median; on the same data once autovacuum had run, 10 ms. A production database grows over weeks, vacuumed as it goes.
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = postgres ? "VACUUM ANALYZE" : "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    private async Task<List<long>> ProjectIdsAsync(DbTransaction tx)
    {
        await using var command = SeedWriter.Command(connection, tx, "SELECT id FROM projects ORDER BY id", 0);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static DateTime HourOf(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    public static DbConnection Open(bool postgres, string connectionString)
    {
        // No command timeout on PostgreSQL: the seed is one transaction (a million events and the rows the rollup triggers
        // write for them), and on a 2-core machine its COMMIT outlasted Npgsql's default 30 s.
        DbConnection c = postgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString)
            : new SqliteConnection(connectionString);
        c.Open();
        return c;
    }
}
