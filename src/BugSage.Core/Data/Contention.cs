using Microsoft.Data.Sqlite;
using Npgsql;

namespace BugSage.Core.Data;

/// <summary>
/// Says whether a failed write lost a race with another writer rather than met something wrong in what it wrote: a
/// deadlock or serialization failure, a lock it could not take, or a unique key that a concurrent transaction committed
/// first (two nodes' digests creating the same issue hash). Tried again, the same write usually succeeds, so a caller
/// retries it a few times before the failure counts against the data. A unique key that a record itself breaks reads the
/// same: it costs that record's batch the retries (about a second of waits) before the record is quarantined.
/// </summary>
public static class Contention
{
    /// <summary>SQLite's "database is busy" and "table is locked" (another connection holds the write lock).</summary>
    private const int SqliteBusy = 5, SqliteLocked = 6;

    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
                return postgres.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                    or PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.UniqueViolation;
            if (e is SqliteException sqlite) return sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked;
        }
        return false;
    }

    /// <summary>
    /// The wait before retry <paramref name="retry"/> (1, 2, …): random, so that two nodes that collided do not collide
    /// again in step, and doubling from 10–40 ms (the digest's fifth and last retry waits 160–640 ms; capped past that).
    /// </summary>
    public static TimeSpan Backoff(int retry) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(10, 40) << Math.Clamp(retry - 1, 0, 5));
}
