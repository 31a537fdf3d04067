namespace Tracking;

/// <summary>Something that happened to a consignment: a depot scan or an event from the driver's app.</summary>
public sealed record TrackingEvent(DateTime At, string Status, string Place);

/// <summary>What the tracking page shows at the top: where the consignment is now and how delivery went.</summary>
public sealed record Progress(string Status, string Place, DateTime Since, int Attempts, DateTime? DeliveredAt);
