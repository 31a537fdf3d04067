using System.Data.Common;
using BugSage.Core.Data;
using BugSage.Core.Processing.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Records, inside the digest's transaction, the queue messages it is about to store, and says which were recorded by an
/// earlier commit: those are deliveries again of a message already digested (its acknowledgement was lost) and are skipped
/// whole. Recording and looking are one statement (<c>INSERT … ON CONFLICT DO NOTHING</c>): on PostgreSQL a second node
/// digesting the same message at the same moment waits on the first one's uncommitted row, then finds it; SQLite has one
/// writer at a time.
/// </summary>
internal static class DigestedMessageLedger
{
    /// <summary>Records the batch's message ids; returns the indexes of the records whose id was recorded already.</summary>
    public static async Task<HashSet<int>> RecordAsync(AppDbContext db, IReadOnlyList<InboxRecord> records, DateTime now, CancellationToken ct)
    {
        var ids = records.Select((r, i) => (r.MessageId, Index: i)).Where(r => r.MessageId is not null).ToList();
        if (ids.Count == 0) return [];
        var fresh = db.Database.IsNpgsql() ? await InsertPostgresAsync(db, ids.Select(r => r.MessageId!), now, ct) : InsertSqlite(db, ids.Select(r => r.MessageId!), now);
        // The first record of an id repeated within the batch is the one stored; a later one is the same message again.
        var skipped = new HashSet<int>();
        foreach (var (id, index) in ids)
            if (!fresh.Remove(id!)) skipped.Add(index);
        return skipped;
    }

    /// <summary>The ids inserted now (not found recorded). Sorted, so two batches sharing ids always lock them in one order.</summary>
    private static async Task<HashSet<string>> InsertPostgresAsync(AppDbContext db, IEnumerable<string> ids, DateTime now, CancellationToken ct)
    {
        await using var command = Command(db,
            "INSERT INTO digested_messages (message_id, digested_at) SELECT m, @at FROM unnest(@ids) AS m ORDER BY m " +
            "ON CONFLICT (message_id) DO NOTHING RETURNING message_id");
        Add(command, "@ids", ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
        Add(command, "@at", now);
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) inserted.Add(reader.GetString(0));
        return inserted;
    }

    private static HashSet<string> InsertSqlite(AppDbContext db, IEnumerable<string> ids, DateTime now)
    {
        using var command = Command(db, "INSERT INTO digested_messages (message_id, digested_at) VALUES (@id, @at) ON CONFLICT (message_id) DO NOTHING");
        var id = Add(command, "@id", "");
        Add(command, "@at", now);
        command.Prepare();
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var messageId in ids)
        {
            id.Value = messageId;
            if (command.ExecuteNonQuery() == 1) inserted.Add(messageId);
        }
        return inserted;
    }

    private static DbCommand Command(AppDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
