using System.Diagnostics;
using Npgsql;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>Polling with a deadline, for work another thread, host or session does: never a fixed sleep.</summary>
public static class Waits
{
    /// <summary>Asks until <paramref name="done"/> holds, failing with <paramref name="because"/> once <paramref name="limit"/> has passed.</summary>
    public static async Task WithinAsync(TimeSpan limit, Func<Task<bool>> done, string because)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            if (watch.Elapsed > limit) throw new ShouldAssertException($"{because} after {watch.ElapsedMilliseconds} ms (limit {limit.TotalMilliseconds:0} ms)");
            await Task.Delay(20);
        }
    }

    public static Task WithinAsync(TimeSpan limit, Func<bool> done, string because) => WithinAsync(limit, () => Task.FromResult(done()), because);

    /// <summary>Whether at least <paramref name="count"/> other sessions of the connection's PostgreSQL database wait for a lock.</summary>
    public static async Task<bool> WaitingForLocksAsync(NpgsqlConnection connection, int count)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", connection);
        return (long)(await command.ExecuteScalarAsync())! >= count;
    }
}
