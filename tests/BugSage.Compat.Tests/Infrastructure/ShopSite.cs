using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BugSage.Compat.Tests.Infrastructure;

/// <summary>
/// A customer's web page, served for real on its own loopback origin, that loads the npm
/// @sentry/browser bundle (or its own minified bundle) and reports to BugSage on another origin.
/// </summary>
public sealed class ShopSite : IAsyncDisposable
{
    private readonly WebApplication app;

    private ShopSite(WebApplication app, Uri origin)
    {
        this.app = app;
        Origin = origin;
    }

    public Uri Origin { get; }

    public static async Task<ShopSite> StartAsync(string dsn, string pageScript)
    {
        var bundle = await File.ReadAllTextAsync(SdkAssets.BrowserBundle);
        return await StartAsync(app =>
        {
            app.MapGet("/sentry-browser.js", () => Results.Text(bundle, "text/javascript"));
            app.MapGet("/checkout", () => Results.Text($$"""
                <!doctype html><html><head><title>Shop</title>
                <script src="/sentry-browser.js"></script>
                <script>Sentry.init({ dsn: "{{dsn}}", release: "shop@2.0.0", environment: "browser-compat" });</script>
                </head><body><button id="buy">Buy</button><script>{{pageScript}}</script></body></html>
                """, "text/html"));
        });
    }

    /// <summary>
    /// A page whose own minified bundle (which includes the SDK) is served from <c>/assets/</c>, as
    /// deployed: the scripts of <paramref name="bundleDirectory"/>, never their maps.
    /// </summary>
    public static Task<ShopSite> StartWithBundleAsync(string dsn, string bundleDirectory, string bundle) => StartAsync(app =>
    {
        app.MapGet("/assets/{file}", (string file) =>
            file.EndsWith(".js", StringComparison.Ordinal) && Path.GetFileName(file) == file && File.Exists(Path.Combine(bundleDirectory, file))
                ? Results.File(Path.Combine(bundleDirectory, file), "text/javascript")
                : Results.NotFound());
        app.MapGet("/checkout", () => Results.Text($$"""
            <!doctype html><html><head><title>Shop</title><script>window.SHOP_DSN = "{{dsn}}";</script></head>
            <body><button id="buy">Buy</button> <span id="total"></span><script src="/assets/{{bundle}}"></script></body></html>
            """, "text/html"));
    });

    private static async Task<ShopSite> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        // localhost, not 127.0.0.1: a different origin from BugSage's, on the same loopback network.
        return new ShopSite(app, new Uri($"http://localhost:{address.Port}"));
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
