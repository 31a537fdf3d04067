using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Issues;

namespace BugSage.Core.Processing.Digest;

/// <summary>An event on its way through the digest: normalized, scrubbed, fingerprinted, compressed.</summary>
internal sealed class PreparedEvent
{
    public PreparedEvent(long projectId, NormalizedEvent normalized, GroupingResult grouping)
    {
        ProjectId = projectId;
        Grouping = grouping;
        Payload = EventJson.Compress(normalized);
        // A prepared batch waits for the batch before it to be written, long enough for the collector to move it to
        // its oldest generation: what only the stored payload needs goes now, not with the batch.
        normalized.DropPayloadOnlyParts();
        Event = normalized;
    }

    public long ProjectId { get; }

    /// <summary>The event as the write reads it: without the parts only <see cref="Payload"/> keeps (<see cref="NormalizedEvent.DropPayloadOnlyParts"/>).</summary>
    public NormalizedEvent Event { get; }

    public GroupingResult Grouping { get; }

    /// <summary>The event as stored: compressed here, in the parallel part of the digest.</summary>
    public byte[] Payload { get; }

    public Issue? Issue { get; set; }
}
