using BugSage.Core.Configuration;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Hosting;

/// <summary>The base URL SDKs and people reach this server at, for DSNs and links.</summary>
public sealed class PublicUrl(IOptions<BugSageOptions> options)
{
    public Uri Resolve(string? fallback)
    {
        var configured = options.Value.PublicUrl;
        var url = !string.IsNullOrWhiteSpace(configured) ? configured : fallback ?? "http://localhost:8000";
        // A wildcard listen address is not something an SDK can connect to.
        url = url.Replace("://[::]", "://localhost", StringComparison.Ordinal)
                 .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                 .Replace("://+", "://localhost", StringComparison.Ordinal)
                 .Replace("://*", "://localhost", StringComparison.Ordinal);
        return new Uri(url.EndsWith('/') ? url : url + "/");
    }

    public Uri Resolve(HttpRequest request) => Resolve($"{request.Scheme}://{request.Host}{request.PathBase}");
}
