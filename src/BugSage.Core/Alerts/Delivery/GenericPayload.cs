using System.Text.Json;
using BugSage.Core.Alerts.Firing;

namespace BugSage.Core.Alerts.Delivery;

/// <summary>
/// The generic webhook's body: <c>{type, schemaVersion, timestamp, data}</c>, where <c>type</c> is the
/// event kind and <c>data</c> the notification. Fields are added, never renamed, within a version
/// (docs/alerts.md documents version 1).
/// </summary>
public static class GenericPayload
{
    public const int SchemaVersion = 1;

    public static string Serialize(Notification n) => JsonSerializer.Serialize(new
    {
        type = AlertTriggers.EventType(n.Trigger),
        schemaVersion = SchemaVersion,
        timestamp = n.FiredAt,
        data = n,
    }, JsonSerializerOptions.Web);
}
