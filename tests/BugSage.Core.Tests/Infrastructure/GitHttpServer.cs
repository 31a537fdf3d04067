using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Tests.Infrastructure;

/// <summary>
/// A bare copy of a test repository served as static files on a loopback port, whatever host name
/// the request carries: git's "dumb" HTTP protocol, enough for <c>ls-remote</c> and <c>clone</c>.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string served;

    private GitHttpServer(WebApplication app, string served, int port)
    {
        this.app = app;
        this.served = served;
        Port = port;
    }

    public int Port { get; }

    public string Url(string host = "127.0.0.1") => $"http://{host}:{Port}/shop.git";

    public static async Task<GitHttpServer> ServeAsync(TestRepository repository)
    {
        var served = Directory.CreateTempSubdirectory("bugsage-served-").FullName;
        var bare = Path.Combine(served, "shop.git");
        repository.Git("clone", "-q", "--bare", repository.Path, bare);
        repository.Git("--git-dir", bare, "update-server-info");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/{**path}", (string path) =>
        {
            var file = Path.GetFullPath(Path.Combine(served, path));
            return file.StartsWith(served + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(file)
                ? Results.File(file, "application/octet-stream")
                : Results.NotFound();
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new GitHttpServer(app, served, address.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        Directory.Delete(served, recursive: true);
    }
}
