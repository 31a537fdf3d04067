using BugSage.Core.Events;

namespace BugSage.Core.Processing.Digest;

internal static class PreparedEventStorage
{
    public static StoredEvent ToStoredEvent(this PreparedEvent prepared)
    {
        var evt = prepared.Event;
        return new StoredEvent
        {
            ProjectId = prepared.ProjectId,
            IssueId = prepared.Issue!.Id,
            EventId = evt.EventId,
            Timestamp = evt.Timestamp,
            ReceivedAt = evt.Received,
            Level = evt.Level,
            Release = evt.Release,
            Environment = evt.Environment,
            Message = (evt.Message ?? evt.Title) is { } m && m.Length > 1024 ? m[..1024] : evt.Message ?? evt.Title,
            UserKey = evt.User?.Key is { } k && k.Length > 200 ? k[..200] : evt.User?.Key,
            Payload = EventJson.Compress(evt),
        };
    }
}
