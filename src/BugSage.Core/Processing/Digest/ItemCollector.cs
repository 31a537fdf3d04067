using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Events;
using BugSage.Core.Ingestion;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Processing.Digest;

/// <summary>Sorts an envelope's items into the batch: events prepared, the rest stored or counted.</summary>
internal sealed class ItemCollector(DigestBatch batch, ILogger logger)
{
    public void Collect(Envelope envelope, DateTime receivedAt, ProjectDigestSettings settings)
    {
        var projectId = settings.Project.Id;
        var envelopeEventId = EventIds.Normalize(envelope.EventId);
        foreach (var item in envelope.Items)
        {
            try
            {
                switch (item.Type)
                {
                    case ItemTypes.Event:
                        batch.Events.Add(EventPreparer.Prepare(item.Payload, envelope.EventId, receivedAt, settings));
                        break;
                    case ItemTypes.Attachment when envelopeEventId is not null:
                        batch.Attachments.Add(new EventAttachment
                        {
                            ProjectId = projectId,
                            EventId = envelopeEventId,
                            Filename = (item.Filename ?? "attachment").Storable().Truncate(500),
                            ContentType = item.ContentType?.Storable().Truncate(200),
                            AttachmentType = item.AttachmentType?.Storable().Truncate(64),
                            Size = item.Payload.Length,
                            Data = item.Payload.ToArray(),
                            CreatedAt = receivedAt,
                        });
                        break;
                    case ItemTypes.UserReport:
                        batch.UserReports.Add(ReadUserReport(item.Payload, projectId, receivedAt));
                        break;
                    case ItemTypes.Feedback:
                        batch.UserReports.Add(ReadFeedback(item.Payload, projectId, envelopeEventId, receivedAt));
                        break;
                    case ItemTypes.ClientReport:
                        CountClientReport(item.Payload, projectId);
                        break;
                    case SessionItems.Session or SessionItems.Sessions:
                        // Read whole before any is kept: a malformed aggregate half way drops the item, not half of it.
                        var sessions = SessionItems.Read(item.Type, item.Payload, receivedAt).ToList();
                        batch.Sessions.AddRange(sessions.Select(s => (projectId, s)));
                        batch.Count(projectId, "accepted", item.Type, "release_health");
                        break;
                    case var t when ItemTypes.CountedOnly.Contains(t):
                        batch.Count(projectId, "accepted", t, "not_stored");
                        break;
                    default:
                        batch.Count(projectId, "server_discard", StoredType(item), "unknown_item_type");
                        break;
                }
            }
            catch (Exception e) when (IsMalformed(e))
            {
                logger.LogWarning("Dropped a malformed {Type} item of project {Project}: {Error}", item.Type, projectId, e.Message);
                batch.Count(projectId, "server_discard", StoredType(item), "invalid");
            }
        }
    }

    /// <summary>The failures that mean "this item is malformed": it is dropped and counted, and the batch goes on.</summary>
    /// <remarks>
    /// An <see cref="ObjectDisposedException"/> (an <see cref="InvalidOperationException"/>) is the host stopping
    /// under the digest, not the item: the batch fails, its items stay in the inbox and are digested after the restart.
    /// </remarks>
    internal static bool IsMalformed(Exception e) => e is JsonException or FormatException or (InvalidOperationException and not ObjectDisposedException);

    /// <summary>An item type as the outcome counters store it: any header string can arrive there.</summary>
    private static string StoredType(EnvelopeItem item) => item.Type.Storable().Truncate(64);

    private static UserReport ReadUserReport(ReadOnlyMemory<byte> payload, long projectId, DateTime receivedAt)
    {
        var obj = Parse(payload);
        return new UserReport
        {
            ProjectId = projectId,
            EventId = EventIds.Normalize(obj.Str("event_id")),
            Name = obj.Str("name", 200),
            Email = obj.Str("email", 320),
            Comments = obj.Str("comments", 8192),
            CreatedAt = receivedAt,
        };
    }

    /// <summary>Newer SDKs send feedback as an event whose <c>contexts.feedback</c> holds the report.</summary>
    private static UserReport ReadFeedback(ReadOnlyMemory<byte> payload, long projectId, string? envelopeEventId, DateTime receivedAt)
    {
        var obj = Parse(payload);
        var feedback = (obj["contexts"] as JsonObject)?["feedback"] as JsonObject ?? [];
        return new UserReport
        {
            ProjectId = projectId,
            EventId = EventIds.Normalize(feedback.Str("associated_event_id")) ?? envelopeEventId,
            Name = feedback.Str("name", 200),
            Email = feedback.Str("contact_email", 320),
            Comments = feedback.Str("message", 8192),
            CreatedAt = receivedAt,
        };
    }

    private void CountClientReport(ReadOnlyMemory<byte> payload, long projectId)
    {
        var obj = Parse(payload);
        foreach (var entry in (obj["discarded_events"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var quantity = entry["quantity"].Long() ?? 0;
            if (quantity <= 0) continue;
            batch.Count(projectId, "client_discard", entry.Str("category", 64) ?? "unknown", entry.Str("reason", 128) ?? "unknown", quantity);
        }
    }

    private static JsonObject Parse(ReadOnlyMemory<byte> payload) => EventPreparer.ParseObject(payload);
}
