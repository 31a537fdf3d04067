using BugSage.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BugSage.Server.Tests.Robustness;

/// <summary>
/// The SQLite write-ahead log is copied into the database file by the checkpointer, not left to
/// grow. Alone in its collection: another test host's disposal clears every connection pool in
/// the process, and closing the last connection checkpoints too, which would hide a checkpointer
/// that never runs.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task The_checkpointer_copies_the_write_ahead_log_into_the_database_file()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await app.SendErrorsAsync("getUser", 3);

        // The database file alone, without its log, holds the events once a checkpoint copied them in.
        var copy = Path.Combine(app.DataDirectory, "copy-without-log.db");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (EventsInFileAlone(Path.Combine(app.DataDirectory, "bugsage.db"), copy) != 3)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the events never reached the database file: no checkpoint ran");
            await Task.Delay(100);
        }
    }

    private static long? EventsInFileAlone(string database, string copy)
    {
        try
        {
            File.Copy(database, copy, overwrite: true);
            using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM events";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return null; // copied mid-checkpoint, or before the table reached the file
        }
    }
}
