using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Configuration;

/// <summary>How the digest worker batches inbox records.</summary>
public sealed class DigestOptions
{
    public const string Section = "BugSage:Digest";

    /// <summary>Most envelopes digested in one database transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Runs the digest worker in this process. Off only in tests that drive it by hand.</summary>
    public bool Enabled { get; set; } = true;
}
