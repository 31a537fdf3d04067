using System.Globalization;
using BugSage.Core.Processing;
using BugSage.Server.Alerts;

namespace BugSage.Server.Dashboard.Alerts;

/// <summary>The delivery log's words: the states a delivery goes through, and where one went.</summary>
public static class DeliveryStates
{
    public static IReadOnlyList<string> All => DeliveryOperations.Statuses;

    /// <summary>Whether it ended, so that it may be sent again.</summary>
    public static bool Ended(DeliveryDto d) => d.Status is not (LeasedWorkStatus.Queued or LeasedWorkStatus.Running);

    public static string Target(DeliveryDto d, IReadOnlyDictionary<long, IntegrationDto> integrations) =>
        d.Recipient is { } address ? $"{address} (member)"
        : d.IntegrationId is { } id && integrations.TryGetValue(id, out var i) ? $"{i.Name} ({i.Kind})"
        : $"a removed {d.Kind} integration";

    /// <summary>An id from an address's query, or null when it is none.</summary>
    public static long? Id(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
