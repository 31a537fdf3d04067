using BugSage.Core.Processing.Supervision;
using BugSage.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;


namespace BugSage.Core.Data;

/// <summary>
/// Copies the SQLite write-ahead log into the database on its own connection, a few times a
/// second, so the digest's commits do not pay for checkpoints (and their fsyncs) themselves.
/// SQLite's own auto-checkpoint stays on at a high mark as a backstop.
/// </summary>
public sealed class SqliteCheckpointer(
    IOptions<StorageOptions> storage,
    IOptions<BugSageOptions> options,
    WorkerServices services,
    ILogger<SqliteCheckpointer> logger) : SupervisedWorker(services, logger, "sqlite-checkpointer")
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        if (storage.Value.IsPostgres) return;
        await using var connection = new SqliteConnection(StorageRegistration.SqliteConnectionString(storage.Value, options.Value));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, Clock, stoppingToken);
                if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(stoppingToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout=1000; PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(stoppingToken);
                ReportProgress();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (SqliteException e)
            {
                // A missed checkpoint only leaves the log longer; the next one catches up.
                logger.LogDebug(e, "WAL checkpoint skipped");
            }
        }
    }
}
