namespace BugSage.Core.Ingestion;

/// <summary>A parsed Sentry envelope: the header's event id and DSN, and its items.</summary>
public sealed record Envelope(string? EventId, string? Dsn, IReadOnlyList<EnvelopeItem> Items)
{
    public EnvelopeItem? EventItem => Items.FirstOrDefault(i => i.Type == ItemTypes.Event);
}
