using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace BugSage.Server.Tests.SourceMaps;

/// <summary>Artifact bundles as sentry-cli builds them (a zip with manifest.json), and its chunk-upload calls.</summary>
internal static class ArtifactBundles
{
    public static string BundleDirectory => Path.Combine(AppContext.BaseDirectory, "SourceMaps", "Bundle");

    /// <summary>The same source built again with another configuration: another bundle, other positions.</summary>
    public static string NextBuildDirectory => Path.Combine(AppContext.BaseDirectory, "SourceMaps", "BundleNext");

    /// <summary>The esbuild bundle and its map, with a debug ID or under a release, by the URLs sentry-cli gives them.</summary>
    public static byte[] Esbuild(string? debugId, string minifiedUrl = "~/assets/app.min.js", string? release = null) =>
        Build(BundleDirectory, debugId, minifiedUrl, release);

    /// <summary>A build's <c>app.min.js</c> and its map from <paramref name="directory"/>, as sentry-cli bundles them.</summary>
    public static byte[] Build(string directory, string? debugId, string minifiedUrl, string? release = null) =>
        Zip(new Dictionary<string, object>
        {
            ["files"] = new Dictionary<string, object>
            {
                ["files/_/_/app.min.js"] = new { url = minifiedUrl, type = "minified_source", headers = Headers(debugId, "app.min.js.map") },
                ["files/_/_/app.min.js.map"] = new { url = minifiedUrl + ".map", type = "source_map", headers = Headers(debugId, null) },
            },
            ["release"] = release!,
        }, ("files/_/_/app.min.js", File.ReadAllBytes(Path.Combine(directory, "app.min.js"))),
           ("files/_/_/app.min.js.map", File.ReadAllBytes(Path.Combine(directory, "app.min.js.map"))));

    private static Dictionary<string, string> Headers(string? debugId, string? sourceMap)
    {
        var headers = new Dictionary<string, string>();
        if (debugId is not null) headers["debug-id"] = debugId;
        if (sourceMap is not null) headers["Sourcemap"] = sourceMap;
        return headers;
    }

    public static byte[] Zip(object? manifest, params (string Name, byte[] Data)[] files)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (manifest is not null)
                using (var stream = zip.CreateEntry("manifest.json").Open())
                    stream.Write(JsonSerializer.SerializeToUtf8Bytes(manifest));
            foreach (var (name, data) in files)
                using (var stream = zip.CreateEntry(name).Open())
                    stream.Write(data);
        }
        return output.ToArray();
    }

    /// <summary>The protocol's content address (BugSage.Core's own, so the test speaks it as the server does).</summary>
    public static string Sha1(byte[] data) => BugSage.Core.SourceMaps.Storage.ArtifactStore.Sha1(data);

    /// <summary>The chunks of a bundle as sentry-cli cuts them, gzip-compressed as it sends them when the server accepts gzip.</summary>
    public static MultipartFormDataContent Chunks(params byte[][] chunks)
    {
        var form = new MultipartFormDataContent();
        foreach (var chunk in chunks)
        {
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(chunk);
            var part = new ByteArrayContent(compressed.ToArray());
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file_gzip", Sha1(chunk));
        }
        return form;
    }

    public static object Assemble(byte[] bundle, IEnumerable<byte[]> chunks, string project = "default", string? version = null) =>
        new { checksum = Sha1(bundle), chunks = chunks.Select(Sha1).ToArray(), projects = new[] { project }, version };

    public static byte[][] Split(byte[] data, int size) =>
        Enumerable.Range(0, (data.Length + size - 1) / size).Select(i => data[(i * size)..Math.Min(data.Length, (i + 1) * size)]).ToArray();

    public static string Text(byte[] data) => Encoding.UTF8.GetString(data);
}
