using BugSage.Core.Data;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Inserts a batch's events. The batch holds each id's lock (<see cref="EventIdLocks"/>) and dropped the ids already stored,
/// so a conflict here is only a safety net: skipped, not failed.
/// </summary>
internal static class EventWriter
{
    public static Task InsertAsync(AppDbContext db, IReadOnlyList<PreparedEvent> events, CancellationToken ct)
    {
        var rows = events.Select(p =>
        {
            var e = p.Event;
            var message = e.Message ?? e.Title;
            var user = e.User?.Key;
            return new object?[]
            {
                p.ProjectId, p.Issue!.Id, e.EventId, e.Timestamp, e.Received, e.Level, e.Release, e.Environment,
                message.Truncate(1024),
                user?.Truncate(200),
                p.Payload,
                p.Grouping.Hash,
            };
        }).ToList();
        return BulkUpsert.ExecuteAsync(db,
            "INSERT INTO events (project_id, issue_id, event_id, \"timestamp\", received_at, level, release, environment, message, user_key, payload, hash) VALUES",
            "ON CONFLICT (project_id, event_id) DO NOTHING", 12, rows, ct);
    }
}
