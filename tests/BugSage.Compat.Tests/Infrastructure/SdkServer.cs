using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Compat.Tests.Infrastructure;

/// <summary>BugSage on a real loopback port with the DSN an SDK is given.</summary>
public sealed class SdkServer : IAsyncDisposable
{
    private SdkServer(BugSageFactory app, long projectId, string dsn)
    {
        App = app;
        ProjectId = projectId;
        Dsn = dsn;
    }

    public BugSageFactory App { get; }
    public long ProjectId { get; }
    public string Dsn { get; }

    public static async Task<SdkServer> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var app = await BugSageFactory.CreateAsync("sqlite", overrides, kestrel: true);
        var (projectId, key) = await app.DefaultKeyAsync();
        var address = app.ClientOptions.BaseAddress;
        return new SdkServer(app, projectId, $"http://{key}@{address.Authority}/{projectId}");
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
