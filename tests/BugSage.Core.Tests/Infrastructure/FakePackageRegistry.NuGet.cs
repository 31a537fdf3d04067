using System.Text.Json.Nodes;

namespace BugSage.Tests.Infrastructure;

/// <summary>
/// The registry as a NuGet v3 feed over a global packages folder (<c>~/.nuget/packages</c>): the
/// service index, and the flat container's version lists and <c>.nupkg</c> files, which is all a
/// <c>dotnet restore</c> of PackageReferences asks for. Serving the folder the test projects
/// themselves restored into means a repository that references the same packages (xunit, the test
/// SDK) restores here without internet and gets byte-identical, signed packages.
/// </summary>
public sealed partial class FakePackageRegistry
{
    private string? nugetPackages;

    /// <summary>The feed's service index, for a repository's <c>nuget.config</c>.</summary>
    public string NuGetSource => $"{Url}v3/index.json";

    /// <summary>The global packages folder this process restored from: <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.</summary>
    public static string LocalNuGetPackages => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
        ? set
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Serves every package in <paramref name="packagesFolder"/> as a NuGet feed at <see cref="NuGetSource"/>.</summary>
    public FakePackageRegistry ServeNuGetPackages(string packagesFolder)
    {
        nugetPackages = packagesFolder;
        return this;
    }

    /// <summary>A <c>nuget.config</c> with this feed as the only source (plain HTTP, which NuGet allows only when told).</summary>
    public string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="team-feed" value="{NuGetSource}" allowInsecureConnections="true" />
          </packageSources>
        </configuration>
        """;

    private (byte[] Body, string Type)? NuGetFile(string path)
    {
        if (nugetPackages is null) return null;
        if (path == "/v3/index.json")
        {
            var index = new JsonObject
            {
                ["version"] = "3.0.0",
                ["resources"] = new JsonArray(new JsonObject { ["@id"] = $"{Url}v3-flatcontainer/", ["@type"] = "PackageBaseAddress/3.0.0" }),
            };
            return (System.Text.Encoding.UTF8.GetBytes(index.ToJsonString()), "application/json");
        }
        const string prefix = "/v3-flatcontainer/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var parts = path[prefix.Length..].ToLowerInvariant().Split('/');
        // Names come from the request: only plain package ids and versions, never a way out of the folder.
        if (parts.Any(p => p.Length == 0 || p.StartsWith('.') || p.Contains('\\'))) return null;
        if (parts is [var id, "index.json"])
        {
            var folder = Path.Combine(nugetPackages, id);
            if (!Directory.Exists(folder)) return null;
            var versions = Directory.GetDirectories(folder).Select(Path.GetFileName)
                .Where(v => File.Exists(Path.Combine(folder, v!, $"{id}.{v}.nupkg"))).Order(StringComparer.Ordinal);
            var list = new JsonObject { ["versions"] = new JsonArray([.. versions.Select(v => JsonValue.Create(v))]) };
            return (System.Text.Encoding.UTF8.GetBytes(list.ToJsonString()), "application/json");
        }
        if (parts is [var package, var version, var file] && file == $"{package}.{version}.nupkg")
        {
            var nupkg = Path.Combine(nugetPackages, package, version, file);
            return File.Exists(nupkg) ? (File.ReadAllBytes(nupkg), "application/octet-stream") : null;
        }
        return null;
    }
}
