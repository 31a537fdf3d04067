using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Documents;

/// <summary>Bounds on uploaded documents, so one upload cannot take a node's memory or time.</summary>
public sealed class DocumentOptions
{
    public const string Section = "BugSage:Documents";

    /// <summary>The largest file accepted, in bytes (default 20 MB).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>PDFs with more pages are refused.</summary>
    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 2000;

    /// <summary>Extraction stops with a failure past this many characters of text.</summary>
    [Range(1000, 200_000_000)]
    public int MaxCharacters { get; set; } = 10_000_000;

    /// <summary>A PDF whose streams decode to more bytes than this, all pages together, is refused (a decompression bomb; default 512 MB).</summary>
    [Range(1024L * 1024, 64L * 1024 * 1024 * 1024)]
    public long MaxDecodedBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The size a chunk aims for, in cl100k tokens: small enough to quote, large enough to keep a step with its context.</summary>
    [Range(50, 2000)]
    public int ChunkTokens { get; set; } = 300;
}

/// <summary>Column sizes of the document tables.</summary>
public static class DocumentLimits
{
    public const int TitleLength = 300;
    public const int FileNameLength = 255;
    public const int HeadingLength = 500;
}
