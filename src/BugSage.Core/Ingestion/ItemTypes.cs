namespace BugSage.Core.Ingestion;

/// <summary>Envelope item types BugSage knows, and what it does with each.</summary>
public static class ItemTypes
{
    public const string Event = "event";
    public const string Transaction = "transaction";
    public const string Attachment = "attachment";
    public const string UserReport = "user_report";
    public const string Feedback = "feedback";
    public const string ClientReport = "client_report";

    /// <summary>
    /// Accepted and counted; not stored yet (see docs/sdk-compatibility.md). Sessions are counted here too and also summed
    /// into release health (<see cref="Processing.Digest.SessionItems"/>), which the digest matches before this list.
    /// </summary>
    public static readonly HashSet<string> CountedOnly =
    [
        Transaction, "span", "session", "sessions", "check_in", "profile", "profile_chunk",
        "replay_event", "replay_recording", "replay_video", "log", "otel_log", "statsd", "metric_buckets",
    ];

    /// <summary>Items whose payload is JSON that must parse; large ones are refused.</summary>
    public static bool IsJsonEvent(string type) => type is Event or Transaction;
}
