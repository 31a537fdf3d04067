using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace BugSage.Tests.Infrastructure;

/// <summary>
/// A package registry on a loopback port, standing in for registry.npmjs.org or PyPI in tests
/// that have no internet: it serves the files it is given (an npm package's metadata and tarball,
/// or any file) over plain HTTP, answers 404 to anything else, and records every request as
/// <c>GET /path</c>. Configured as the allowed registry <see cref="Host"/> (<c>localhost:port</c>).
/// </summary>
public sealed partial class FakePackageRegistry : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, (byte[] Body, string Type)> files = [];
    private readonly List<string> requests = [];
    private readonly List<string> hostHeaders = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Task serving;

    public FakePackageRegistry()
    {
        listener.Start();
        serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>How the registry is named in <c>BugSage:Autofix:Restore:Registries</c> and in URLs.</summary>
    public string Host => $"localhost:{Port}";

    public string Url => $"http://{Host}/";

    public IReadOnlyList<string> Requests
    {
        get { lock (requests) return [.. requests]; }
    }

    /// <summary>The <c>Host</c> header of every request, in order.</summary>
    public IReadOnlyList<string> HostHeaders
    {
        get { lock (requests) return [.. hostHeaders]; }
    }

    public FakePackageRegistry Serve(string path, string text, string type = "text/plain")
    {
        lock (files) files[path] = (Encoding.UTF8.GetBytes(text), type);
        return this;
    }

    /// <summary>An npm package: its metadata at <c>/{name}</c> and its tarball (the files under <c>package/</c>), with the integrity npm checks.</summary>
    public FakePackageRegistry ServeNpmPackage(string name, string version, params (string Path, string Text)[] packageFiles)
    {
        var tarball = NpmTarball([("package.json", $$"""{"name":"{{name}}","version":"{{version}}","main":"index.js"}"""), .. packageFiles]);
        var tarballPath = $"/{name}/-/{name}-{version}.tgz";
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["dist-tags"] = new JsonObject { ["latest"] = version },
            ["versions"] = new JsonObject
            {
                [version] = new JsonObject
                {
                    ["name"] = name, ["version"] = version, ["main"] = "index.js",
                    ["dist"] = new JsonObject
                    {
                        ["tarball"] = $"http://{Host}{tarballPath}",
                        ["integrity"] = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)),
                    },
                },
            },
        };
        lock (files)
        {
            files[$"/{name}"] = (Encoding.UTF8.GetBytes(metadata.ToJsonString()), "application/json");
            files[tarballPath] = (tarball, "application/octet-stream");
        }
        return this;
    }

    private static byte[] NpmTarball(IEnumerable<(string Path, string Text)> entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            foreach (var (path, text) in entries)
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/" + path)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                });
        }
        return output.ToArray();
    }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stopping.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using var owned = client;
        try
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, stopping.Token);
                if (read == 0) return;
                head.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
            var lines = head.ToString().Split("\r\n");
            var line = lines[0].Split(' ');
            var path = line[1].Split('?')[0];
            var host = lines.FirstOrDefault(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))?[5..].Trim() ?? "";
            lock (requests)
            {
                requests.Add($"{line[0]} {path}");
                hostHeaders.Add(host);
            }
            (byte[] Body, string Type) found;
            bool exists;
            lock (files) exists = files.TryGetValue(Uri.UnescapeDataString(path), out found);
            if (!exists && NuGetFile(Uri.UnescapeDataString(path)) is { } fromFeed) (exists, found) = (true, fromFeed);
            var (status, body, type) = exists ? ("200 OK", found.Body, found.Type) : ("404 Not Found", "not found\n"u8.ToArray(), "text/plain");
            var answer = $"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), stopping.Token);
            await stream.WriteAsync(body, stopping.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await serving;
        stopping.Dispose();
    }
}
