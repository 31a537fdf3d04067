using Npgsql;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// Rows of a PostgreSQL database held by a transaction of the test's own (a <c>SELECT … FOR UPDATE</c> or another locking
/// read), so that requests and workers stop at them in an order the test chooses, with a second connection that sees how
/// many sessions wait. Released by <see cref="ReleaseAsync"/>, or rolled back when disposed.
/// </summary>
public sealed class RowHold : IAsyncDisposable
{
    private readonly NpgsqlConnection holder;
    private readonly NpgsqlTransaction tx;

    private RowHold(NpgsqlConnection holder, NpgsqlTransaction tx, NpgsqlConnection watcher)
    {
        this.holder = holder;
        this.tx = tx;
        Watcher = watcher;
    }

    /// <summary>A connection of its own, outside the hold, for reading the database's state meanwhile.</summary>
    public NpgsqlConnection Watcher { get; }

    /// <param name="lockingRead">The statement that takes the rows, run in the hold's transaction.</param>
    public static async Task<RowHold> TakeAsync(string connectionString, string lockingRead)
    {
        var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        var tx = await holder.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(lockingRead, holder, tx))
            await command.ExecuteNonQueryAsync();
        var watcher = new NpgsqlConnection(connectionString);
        await watcher.OpenAsync();
        return new RowHold(holder, tx, watcher);
    }

    /// <summary>Waits until <paramref name="count"/> other sessions wait for a lock, failing with <paramref name="because"/> after 20 seconds.</summary>
    public Task WaitersAsync(int count, string because) =>
        Waits.WithinAsync(TimeSpan.FromSeconds(20), () => Waits.WaitingForLocksAsync(Watcher, count), because);

    /// <summary>Lets the rows go: whoever waits for them goes on.</summary>
    public Task ReleaseAsync() => tx.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await tx.DisposeAsync();
        await holder.DisposeAsync();
        await Watcher.DisposeAsync();
    }
}
