namespace BugSage.Core.SourceMaps.Storage;

/// <summary>
/// An artifact bundle as <c>sentry-cli sourcemaps upload</c> and the bundler plugins send it: a
/// zip of minified files and their source maps with a manifest, for one or more projects of an
/// organization, optionally tied to a release and dist.
/// </summary>
public sealed class ArtifactBundle
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>SHA-1 of the zip as uploaded: uploading the same bundle again stores nothing new.</summary>
    public required string Checksum { get; set; }

    public string? Release { get; set; }
    public string? Dist { get; set; }
    public int FileCount { get; set; }
    public long Size { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>What a file of a bundle is, as the bundle's manifest says.</summary>
public static class ArtifactTypes
{
    public const string MinifiedSource = "minified_source";
    public const string SourceMap = "source_map";
    public const string Source = "source";
    public const string IndexedRamBundle = "indexed_ram_bundle";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { MinifiedSource, SourceMap, Source, IndexedRamBundle };
}

/// <summary>
/// One file of a bundle, per project the bundle was uploaded for: where to find it (its URL
/// such as <c>~/assets/app.js</c>, its debug ID) and its content by checksum.
/// </summary>
public sealed class ArtifactFile
{
    public long Id { get; set; }
    public long BundleId { get; set; }
    public long ProjectId { get; set; }
    public required string Type { get; set; }
    public string? Url { get; set; }

    /// <summary>Lower-case, hyphenated: the form the SDK's <c>debug_meta</c> is matched in.</summary>
    public string? DebugId { get; set; }

    /// <summary>For a minified file: the map it names (its <c>Sourcemap</c> header in the manifest).</summary>
    public string? SourceMapUrl { get; set; }

    public string? Release { get; set; }
    public string? Dist { get; set; }
    public required string BlobChecksum { get; set; }
    public long Size { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>File content, stored once by SHA-1 however many bundles and projects hold it.</summary>
public sealed class ArtifactBlob
{
    public required string Checksum { get; set; }
    public required byte[] Data { get; set; }
    public long Size { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A piece of an upload in progress (the chunk-upload protocol), kept per organization so one
/// tenant cannot learn what another uploaded by asking which chunks are missing.
/// </summary>
public sealed class UploadChunk
{
    public long OrganizationId { get; set; }
    public required string Checksum { get; set; }
    public required byte[] Data { get; set; }
    public DateTime CreatedAt { get; set; }
}
