using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Configuration;

/// <summary>Root options bound from the <c>BugSage</c> configuration section.</summary>
public sealed class BugSageOptions
{
    public const string Section = "BugSage";

    /// <summary>Where the SQLite database, the inbox and generated secrets live.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The address SDKs use to reach this server; used to print DSNs. Empty: the first listen address.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Identifies this node's inbox; defaults to an id generated once into the data directory.</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// Whether this node runs queued fix sessions (builds and tests candidates in its sandbox).
    /// Off on nodes that should only ingest and serve; a node with it on picks the sessions up.
    /// </summary>
    public bool RunsFixSessions { get; set; } = true;
}
