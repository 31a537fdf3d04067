using System.Collections.Concurrent;
using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Ingestion;

/// <summary>A 200 means durable: what was acknowledged before a kill -9 is digested exactly once after restart.</summary>
[Collection(HeavyTests.Name)]
public class CrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_acknowledged_event_survives_kill_9_and_is_digested_exactly_once()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bugsage-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            var acknowledged = new ConcurrentBag<string>();
            var server = await ServerProcess.StartAsync(directory);
            var (projectId, key) = ReadDefaultKey(directory);
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 8).Select(sender => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested && i < 5000; i++)
                {
                    var id = Envelopes.NewEventId();
                    var payload = Envelopes.NodeError(id, function: $"handler{(sender * 31 + i) % 40}", userId: (i % 17).ToString());
                    try
                    {
                        var response = await Envelopes.PostAsync(client, projectId, key, Envelopes.Event(id, payload));
                        if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(id);
                    }
                    catch (HttpRequestException) { return; }
                    catch (TaskCanceledException) { return; }
                }
            })).ToList();

            // Kill while envelopes are in flight: once 1,000 are acknowledged, however long that takes on this machine.
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (acknowledged.Count < 1000)
            {
                if (DateTime.UtcNow > deadline || senders.All(s => s.IsCompleted)) throw new TimeoutException($"only {acknowledged.Count} envelopes acknowledged before the kill");
                await Task.Delay(20);
            }
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(senders);
            var digestedBeforeKill = Convert.ToInt64(Query(directory, "SELECT count(*) FROM events")[0][0]);
            output.WriteLine($"acknowledged {acknowledged.Count}, digested before the kill {digestedBeforeKill}");

            await using var restarted = await ServerProcess.StartAsync(directory);
            var expected = acknowledged.ToHashSet();
            HashSet<string> stored = [];
            deadline = DateTime.UtcNow.AddMinutes(5);
            while (DateTime.UtcNow < deadline)
            {
                stored = Query(directory, "SELECT event_id FROM events").Select(r => (string)r[0]).ToHashSet();
                if (expected.IsSubsetOf(stored)) break;
                await Task.Delay(100);
            }
            expected.Except(stored).ShouldBeEmpty("acknowledged events lost across kill -9");
            var events = Convert.ToInt64(Query(directory, "SELECT count(*) FROM events")[0][0]);
            var counted = Convert.ToInt64(Query(directory, "SELECT coalesce(sum(count), 0) FROM issues")[0][0]);
            counted.ShouldBe(events, "issue counts must match stored events: nothing digested twice");
            Query(directory, "SELECT quantity FROM item_outcomes WHERE reason = 'duplicate'").ShouldBeEmpty("no envelope was replayed into the digest twice");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private static (long ProjectId, string Key) ReadDefaultKey(string directory)
    {
        var row = Query(directory, "SELECT project_id, public_key FROM project_keys ORDER BY id LIMIT 1")[0];
        return (Convert.ToInt64(row[0]), (string)row[1]);
    }

    private static List<object[]> Query(string directory, string sql)
    {
        using var conn = new SqliteConnection($"Data Source={Path.Combine(directory, "bugsage.db")};Mode=ReadOnly;Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }
        return rows;
    }
}
