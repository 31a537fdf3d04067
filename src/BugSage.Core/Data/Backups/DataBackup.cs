using BugSage.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Data.Backups;

/// <summary>What a backup or restore copied.</summary>
public sealed record BackupSummary(string Directory, long DatabaseBytes, int InboxSegments, long InboxBytes, bool ServerKey);

/// <summary>
/// Backs up and restores a single-node (SQLite) data directory while the server runs.
/// <para>
/// A backup holds the database, the inbox segments and the node id. The segments are copied
/// first, then the database through SQLite's online backup API (one consistent snapshot, taken
/// while the server goes on writing). That order is what makes it whole: an envelope acknowledged
/// before the backup began is either digested by the time of the snapshot, so in the database, or
/// not yet, so its segment still existed when the segments were copied (digested segments are
/// the only ones deleted). The restored node resumes from the snapshot's checkpoint, and SDK
/// retries of anything digested twice are dropped by event id.
/// </para>
/// The server key is left out unless asked for: a backup that holds both opens every secret.
/// </summary>
public sealed class DataBackup(IOptions<BugSageOptions> options, IOptions<StorageOptions> storage)
{
    public const string DatabaseFile = "bugsage.db";
    public const string NodeIdFile = "node-id";
    public const string KeyFile = SecretsOptions.DefaultFileName;
    private const string InboxFolder = "inbox";

    private string DataDirectory => Path.GetFullPath(options.Value.DataDirectory);

    /// <summary>Copies the running server's data into <paramref name="target"/>, a directory that does not exist or is empty.</summary>
    public async Task<BackupSummary> CreateAsync(string target, bool withKey, CancellationToken ct)
    {
        if (storage.Value.IsPostgres) throw new BackupException(PostgresGuidance);
        target = Path.GetFullPath(target);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new BackupException($"{target} is not empty: back up into a new directory");
        var source = new SqliteConnectionStringBuilder(StorageRegistration.SqliteConnectionString(storage.Value, options.Value));
        if (!File.Exists(source.DataSource)) throw new BackupException($"no database at {source.DataSource}: check BugSage:DataDirectory");
        var keyPath = Path.Combine(DataDirectory, KeyFile);
        if (withKey && !File.Exists(keyPath))
            throw new BackupException($"no server key at {keyPath}: it comes from BUGSAGE_SECRETS_KEY or BugSage:Secrets:KeyFile, back it up from there");

        Directory.CreateDirectory(Path.Combine(target, InboxFolder));
        var (segments, inboxBytes) = await CopySegmentsAsync(Path.Combine(DataDirectory, InboxFolder), Path.Combine(target, InboxFolder), ct);
        CopyIfPresent(Path.Combine(DataDirectory, NodeIdFile), Path.Combine(target, NodeIdFile));

        var copy = Path.Combine(target, DatabaseFile);
        await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder(source.ConnectionString) { Pooling = false }.ToString()))
        await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        {
            await from.OpenAsync(ct);
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
            await CheckIntegrityAsync(to, ct);
        }
        if (withKey) File.Copy(keyPath, Path.Combine(target, KeyFile));
        return new BackupSummary(target, new FileInfo(copy).Length, segments, inboxBytes, withKey);
    }

    /// <summary>Puts a backup into the configured data directory, which must hold no database and no inbox yet.</summary>
    public async Task<BackupSummary> RestoreAsync(string backup, CancellationToken ct)
    {
        if (storage.Value.IsPostgres) throw new BackupException(PostgresGuidance);
        backup = Path.GetFullPath(backup);
        var database = Path.Combine(backup, DatabaseFile);
        if (!File.Exists(database)) throw new BackupException($"{backup} holds no {DatabaseFile}: not a BugSage backup");
        var targetDb = new SqliteConnectionStringBuilder(StorageRegistration.SqliteConnectionString(storage.Value, options.Value)).DataSource;
        var targetInbox = Path.Combine(DataDirectory, InboxFolder);
        if (File.Exists(targetDb) || (Directory.Exists(targetInbox) && Directory.EnumerateFiles(targetInbox).Any()))
            throw new BackupException($"{DataDirectory} already holds a database or an inbox: restore into a fresh data directory (move this one aside first)");

        Directory.CreateDirectory(targetInbox);
        File.Copy(database, targetDb);
        await using (var restored = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = targetDb, Pooling = false }.ToString()))
        {
            await restored.OpenAsync(ct);
            await CheckIntegrityAsync(restored, ct);
        }
        var (segments, inboxBytes) = await CopySegmentsAsync(Path.Combine(backup, InboxFolder), targetInbox, ct);
        CopyIfPresent(Path.Combine(backup, NodeIdFile), Path.Combine(DataDirectory, NodeIdFile));
        // A key already in place (put back by hand, as the operations guide says) wins over the backup's.
        var key = Path.Combine(backup, KeyFile);
        var restoredKey = File.Exists(key) && !File.Exists(Path.Combine(DataDirectory, KeyFile));
        if (restoredKey)
        {
            File.Copy(key, Path.Combine(DataDirectory, KeyFile));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(DataDirectory, KeyFile), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new BackupSummary(DataDirectory, new FileInfo(targetDb).Length, segments, inboxBytes, restoredKey);
    }

    public const string PostgresGuidance =
        "backup and restore handle the SQLite data directory. With PostgreSQL, back up the database with its own tools: " +
        "pg_dump --format=custom --file bugsage.dump \"$CONNECTION_STRING\" (restore: pg_restore --clean --dbname ...). " +
        "Envelopes acknowledged but not yet digested wait in RabbitMQ's durable queue (cluster mode) or each node's inbox directory; " +
        "keep the server key (secrets.key) apart from the dump.";

    /// <summary>Copies every inbox segment there is now; one deleted meanwhile was digested, so the database has it.</summary>
    private static async Task<(int Count, long Bytes)> CopySegmentsAsync(string from, string to, CancellationToken ct)
    {
        if (!Directory.Exists(from)) return (0, 0);
        int count = 0;
        long bytes = 0;
        foreach (var segment in Directory.EnumerateFiles(from, "*.seg").Order(StringComparer.Ordinal))
        {
            try
            {
                // The active segment is still appended to: what is copied ends at a record boundary or
                // in a torn record, which the reader skips as it skips one cut short by a crash.
                await using var input = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                await using var output = new FileStream(Path.Combine(to, Path.GetFileName(segment)), FileMode.CreateNew, FileAccess.Write);
                await input.CopyToAsync(output, ct);
                await output.FlushAsync(ct);
                output.Flush(flushToDisk: true);
                bytes += output.Length;
                count++;
            }
            catch (FileNotFoundException)
            {
            }
        }
        return (count, bytes);
    }

    private static void CopyIfPresent(string from, string to)
    {
        if (File.Exists(from)) File.Copy(from, to, overwrite: true);
    }

    private static async Task CheckIntegrityAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        if (await check.ExecuteScalarAsync(ct) is not "ok") throw new BackupException("the database copy failed SQLite's integrity check");
    }
}

/// <summary>A backup or restore refused, with the reason for the operator.</summary>
public sealed class BackupException(string message) : Exception(message);
