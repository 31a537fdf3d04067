namespace BugSage.Core.Processing;

/// <summary>Fixed limits shared by ingestion and the digest.</summary>
public static class IngestLimits
{
    /// <summary>Deeper JSON is refused at the door; the digest then never meets it.</summary>
    public const int MaxJsonDepth = 64;
}
