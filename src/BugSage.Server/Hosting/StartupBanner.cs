using BugSage.Core.Data;
using BugSage.Core.Projects;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BugSage.Server.Hosting;

/// <summary>Prints where the dashboard is and, on a first start, the login and the DSN.</summary>
internal sealed class StartupBanner(IHostApplicationLifetime lifetime, IServer server, DatabaseInitializer initializer, PublicUrl publicUrl) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    private void Print()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var baseUrl = publicUrl.Resolve(address);
        Console.WriteLine();
        Console.WriteLine($"BugSage is running: {baseUrl}");
        if (initializer.Bootstrapped is { } first)
        {
            Console.WriteLine($"  Login:    {first.AdminEmail}" + (first.GeneratedPassword is { } p ? $" / {p}   (generated: shown only this once)" : " (password from configuration)"));
            Console.WriteLine($"  DSN:      {ProjectKeys.Dsn(baseUrl, first.PublicKey, first.ProjectId)}");
        }
        Console.WriteLine();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
