using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Configuration;

/// <summary>Limits and backpressure for the Sentry ingestion endpoints.</summary>
public sealed class IngestionOptions
{
    public const string Section = "BugSage:Ingestion";

    /// <summary>Largest request body as sent (compressed or not).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxCompressedBodyBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest envelope after decompression.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxEnvelopeBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>
    /// How many times its compressed size a body may inflate to (past the first megabyte, which
    /// any body may reach). Real envelopes compress a few times to a few dozen times; a
    /// compression bomb inflates a thousand times and more.
    /// </summary>
    [Range(2, 100_000)]
    public int MaxDecompressionRatio { get; set; } = 100;

    /// <summary>
    /// Decoded body bytes all ingest requests together may hold in memory at once; a request that
    /// would pass it gets 429 with a short Retry-After. Must be at least MaxEnvelopeBytes.
    /// </summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long MaxInFlightBodyBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest single event (or transaction) item.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Undigested inbox bytes above which new envelopes get 429.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long MaxInboxBacklogBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Free disk space below which new envelopes get 429.</summary>
    [Range(0, long.MaxValue)]
    public long MinFreeDiskBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Events per minute per key when the key sets no limit of its own; 0 means unlimited.</summary>
    [Range(0, int.MaxValue)]
    public int DefaultRateLimitPerMinute { get; set; }

    /// <summary>Size at which the inbox starts a new segment file.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long InboxSegmentBytes { get; set; } = 64 * 1024 * 1024;
}
