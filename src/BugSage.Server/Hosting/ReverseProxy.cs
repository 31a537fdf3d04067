using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace BugSage.Server.Hosting;

/// <summary>
/// Behind a reverse proxy, the client's address and scheme come from <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>, believed only from the proxies listed in <c>BugSage:Proxy:Trusted</c>
/// (addresses or CIDR networks). With none listed the headers are ignored: anyone could send them.
/// </summary>
public static class ReverseProxy
{
    public const string TrustedKey = "BugSage:Proxy:Trusted";

    public static WebApplicationBuilder AddReverseProxy(this WebApplicationBuilder builder)
    {
        // Parsed now, so that a wrong entry stops the start with the key's name.
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in builder.Configuration.GetSection(TrustedKey).Get<string[]>() ?? [])
        {
            if (IPAddress.TryParse(entry, out var address)) proxies.Add(address);
            else if (System.Net.IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else throw new InvalidOperationException($"{TrustedKey}: '{entry}' is neither an IP address nor a CIDR network such as 10.0.0.0/8.");
        }
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only what is configured counts: the framework's default (loopback) is no exception.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
        });
        return builder;
    }

    /// <summary>First in the pipeline, so that HSTS, rate limits, sign-in throttling and audit see the client, not the proxy.</summary>
    public static WebApplication UseReverseProxy(this WebApplication app)
    {
        if (app.Configuration.GetSection(TrustedKey).Get<string[]>() is { Length: > 0 }) app.UseForwardedHeaders();
        return app;
    }
}
