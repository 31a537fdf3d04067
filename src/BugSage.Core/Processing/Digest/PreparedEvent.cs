using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Issues;

namespace BugSage.Core.Processing.Digest;

/// <summary>An event on its way through the digest: normalized, scrubbed, fingerprinted.</summary>
internal sealed class PreparedEvent(long projectId, NormalizedEvent normalized, GroupingResult grouping)
{
    public long ProjectId { get; } = projectId;
    public NormalizedEvent Event { get; } = normalized;
    public GroupingResult Grouping { get; } = grouping;

    /// <summary>The event as stored: compressed here, in the parallel part of the digest.</summary>
    public byte[] Payload { get; } = EventJson.Compress(normalized);
    public Issue? Issue { get; set; }
}
