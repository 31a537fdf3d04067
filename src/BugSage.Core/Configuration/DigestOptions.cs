using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Configuration;

/// <summary>How the digest worker batches inbox records.</summary>
public sealed class DigestOptions
{
    public const string Section = "BugSage:Digest";

    /// <summary>Most envelopes digested in one database transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Most inbox bytes digested in one transaction. A batch's events are parsed into trees several
    /// times their size while it is prepared: this bounds that memory when events are large.
    /// </summary>
    [Range(64 * 1024, 256L * 1024 * 1024)]
    public long MaxBatchBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Runs the digest worker in this process. Off only in tests that drive it by hand.</summary>
    public bool Enabled { get; set; } = true;
}
