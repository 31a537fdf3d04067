namespace BugSage.Core.Ingestion;

/// <summary>One item of a Sentry envelope: its header fields and its payload bytes.</summary>
public sealed record EnvelopeItem(
    string Type,
    ReadOnlyMemory<byte> Payload,
    string? Filename = null,
    string? ContentType = null,
    string? AttachmentType = null);
