namespace BugSage.Core.SourceMaps.Storage;

/// <summary>How large uploads may be. Sent to <c>sentry-cli</c> as its chunk-upload options, and enforced on what arrives.</summary>
public static class ArtifactLimits
{
    public const int ChunkBytes = 8 * 1024 * 1024;
    public const int ChunksPerRequest = 8;
    public const long MaxRequestBytes = 32L * 1024 * 1024;
    public const long MaxBundleBytes = 256L * 1024 * 1024;
    public const int MaxChunksPerBundle = (int)(MaxBundleBytes / ChunkBytes);

    /// <summary>One file of a bundle, uncompressed: larger than any real map; a zip entry past it is refused.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>All files of a bundle, uncompressed: a zip bomb stops here.</summary>
    public const long MaxBundleContentBytes = 512L * 1024 * 1024;

    public const int MaxFilesPerBundle = 20_000;
    public const int MaxManifestBytes = 16 * 1024 * 1024;

    /// <summary>Chunks of an upload that never assembled are deleted after this long.</summary>
    public static readonly TimeSpan ChunkLifetime = TimeSpan.FromHours(1);
}

/// <summary>An upload that cannot be stored: the reason goes back to the client as the assemble state's detail.</summary>
public sealed class ArtifactUploadException(string message) : Exception(message);
