using System.Net.Http.Headers;
using System.Net.Http.Json;
using BugSage.Core.Data;
using BugSage.Core.Processing.Digest;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// A BugSage server in memory with its own data directory and database (SQLite or a fresh
/// PostgreSQL database). No worker runs on its own: tests drive the digest with
/// <see cref="DigestAsync"/>, analyses with <see cref="RunAnalysesAsync"/>, fix sessions with
/// <see cref="RunFixSessionsAsync"/>, automatic analysis with <see cref="ConsiderAnnouncedAsync"/> and alert deliveries with <see cref="DeliverAsync"/>,
/// so nothing waits on timing and each assertion names one outcome.
/// </summary>
public sealed class BugSageFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "correct horse battery staple";

    /// <summary>
    /// The setting that lets this server reach loopback, where every test's model server, GitHub API and
    /// git remote listens; a test that shows the default refusal sets it to an empty string.
    /// </summary>
    public const string LoopbackAllowance = "BugSage:Network:AllowedPrivateHosts:0";

    private readonly Dictionary<string, string?> settings;

    private readonly bool ownsDataDirectory;
    private TimeProvider? clock;
    private Action<IServiceCollection>? services;

    private BugSageFactory(Dictionary<string, string?> settings, string dataDirectory, bool ownsDataDirectory)
    {
        this.settings = settings;
        this.ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    /// <param name="kestrel">Listen on a real loopback port, for clients outside this process (SDKs, browsers).</param>
    /// <param name="clock">Replaces the server's clock, for tests that move time.</param>
    /// <param name="services">Replaces services after the server's own registrations (a resolver that answers as the test says).</param>
    public static async Task<BugSageFactory> CreateAsync(string provider, Dictionary<string, string?>? overrides = null, string? dataDirectory = null, bool kestrel = false, TimeProvider? clock = null,
        Action<IServiceCollection>? services = null)
    {
        var directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "bugsage-test-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["BugSage:DataDirectory"] = directory,
            ["BugSage:Storage:Provider"] = provider,
            ["BugSage:Digest:Enabled"] = "false",
            ["BugSage:Workers:RunInBackground"] = "false",
            ["BugSage:Bootstrap:AdminEmail"] = AdminEmail,
            ["BugSage:Bootstrap:AdminPassword"] = AdminPassword,
            ["BugSage:Ingestion:MinFreeDiskBytes"] = "0",
            // Tests link repositories made in the temp directory; the bootstrap admin (a server admin) links them.
            ["BugSage:Autofix:AllowedRepositoryRoots:0"] = Path.GetTempPath(),
            // Outbound connections reach only public addresses by default; the in-test servers are on loopback.
            [LoopbackAllowance] = "127.0.0.0/8",
            // Tests call the API as fast as code runs, all as one user; the tests of the budgets set their own.
            ["BugSage:RateLimits:Api:PermitLimit"] = "1000000",
            ["BugSage:RateLimits:Assistant:PermitLimit"] = "1000000",
            ["BugSage:RateLimits:Mcp:PermitLimit"] = "1000000",
            ["BugSage:RateLimits:GraphQL:PermitLimit"] = "1000000",
        };
        if (provider == "postgres")
            settings["BugSage:Storage:ConnectionString"] = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
        foreach (var (k, v) in overrides ?? []) settings[k] = v;
        var factory = new BugSageFactory(settings, directory, ownsDataDirectory: dataDirectory is null) { clock = clock, services = services };
        // Start the host now so the database, bootstrap and inbox are ready.
        try
        {
            if (kestrel)
            {
                factory.UseKestrel(0);
                factory.StartServer();
            }
            else
            {
                _ = factory.Server;
            }
        }
        catch
        {
            // A start that is refused (tests of start-up checks) leaves nothing behind. A host that
            // failed part-way may also fail to stop: the start's exception is the one that tells.
            try { await factory.DisposeAsync(); }
            catch (Exception) { }
            throw;
        }
        return factory;
    }

    /// <summary>The database this server uses, for a restart or a second node on the same data.</summary>
    public string? ConnectionString => settings.GetValueOrDefault("BugSage:Storage:ConnectionString");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(collection =>
        {
            if (clock is not null) collection.AddSingleton(clock);
            services?.Invoke(collection);
        });
    }

    /// <summary>Sends node errors of one throw site through the SDK endpoint, then digests them.</summary>
    public async Task SendErrorsAsync(string function, int count, DateTimeOffset? at = null, string userPrefix = "u", string? release = "app@1.0.0",
        string environment = "production")
    {
        var (projectId, key) = await DefaultKeyAsync();
        var sdk = CreateClient();
        for (var i = 0; i < count; i++)
        {
            var id = Envelopes.NewEventId();
            var payload = Envelopes.NodeError(id, function: function, userId: userPrefix + i, release: release,
                timestamp: at is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : null, environment: environment);
            var response = await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, payload));
            response.EnsureSuccessStatusCode();
        }
        await DigestAsync();
    }

    /// <summary>Digests everything in the inbox now.</summary>
    public Task<int> DigestAsync() => Services.GetRequiredService<DigestWorker>().DrainAsync(CancellationToken.None);

    /// <summary>Runs every queued analysis now; returns how many ran.</summary>
    public Task<int> RunAnalysesAsync() => Services.GetRequiredService<BugSage.Core.Analysis.AnalysisWorker>().RunQueuedAsync(CancellationToken.None);

    /// <summary>Lets automatic analysis consider every issue and analysis announced so far; returns how many analyses and fix sessions it queued.</summary>
    public Task<int> ConsiderAnnouncedAsync() => Services.GetRequiredService<BugSage.Core.Analysis.AutoAnalysis>().ConsiderPendingAsync(CancellationToken.None);

    /// <summary>Runs every queued fix session now, each sandboxed command within <paramref name="limit"/> (a minute unless said).</summary>
    public Task<int> RunFixSessionsAsync(TimeSpan? limit = null, CancellationToken ct = default)
    {
        var worker = Services.GetRequiredService<BugSage.Core.Autofix.Sessions.FixSessionWorker>();
        worker.Limits = BugSage.Core.Autofix.Sandbox.SandboxLimits.Default with { Timeout = limit ?? TimeSpan.FromMinutes(1) };
        return worker.RunQueuedAsync(ct);
    }

    /// <summary>Runs every queued source map reprocessing job now; returns how many ran.</summary>
    public Task<int> ReprocessAsync() => Services.GetRequiredService<BugSage.Core.SourceMaps.Reprocessing.ReprocessWorker>().RunQueuedAsync(CancellationToken.None);

    /// <summary>Sends every alert delivery that is due now; returns how many it ran.</summary>
    public Task<int> DeliverAsync() => Services.GetRequiredService<BugSage.Core.Alerts.Delivery.DeliveryWorker>().RunQueuedAsync(CancellationToken.None);

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task WithDbAsync(Func<AppDbContext, Task> action) => WithDbAsync(async db => { await action(db); return 0; });

    /// <summary>The bootstrapped organization's id (slug <c>default</c>).</summary>
    public Task<long> DefaultOrganizationAsync() => WithDbAsync(db => db.Organizations.Where(o => o.Slug == "default").Select(o => o.Id).SingleAsync());

    /// <summary>The bootstrapped project's id and DSN key.</summary>
    public Task<(long ProjectId, string Key)> DefaultKeyAsync() => WithDbAsync(async db =>
    {
        var key = await db.ProjectKeys.OrderBy(k => k.Id).FirstAsync();
        return (key.ProjectId, key.PublicKey);
    });

    public async Task<HttpClient> SignedInClientAsync(string email = AdminEmail, string password = AdminPassword) =>
        ClientWithToken(await AccessTokenAsync(email, password));

    /// <summary>An access token from signing in.</summary>
    public async Task<string> AccessTokenAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var response = await CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginBody>())!.AccessToken;
    }

    private sealed record LoginBody(string AccessToken);

    /// <summary>A client that sends the given bearer token (an access token or an API token).</summary>
    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a user who owns a new organization with one project; returns their client and ids.</summary>
    public async Task<(HttpClient Client, long OrganizationId, long ProjectId)> NewTenantAsync(string email, string password = "tenant-password-123")
    {
        var (orgId, projectId) = await WithDbAsync(async db =>
        {
            var hasher = Services.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<BugSage.Core.Accounts.User>>();
            var slug = email.Split('@')[0];
            var org = new BugSage.Core.Accounts.Organization { Slug = slug, Name = slug, CreatedAt = DateTime.UtcNow };
            var user = new BugSage.Core.Accounts.User { Email = email, Name = slug, PasswordHash = "", CreatedAt = DateTime.UtcNow };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.AddRange(org, user);
            await db.SaveChangesAsync();
            db.Add(new BugSage.Core.Accounts.Membership { OrganizationId = org.Id, UserId = user.Id, Role = BugSage.Core.Accounts.Roles.Owner, CreatedAt = DateTime.UtcNow });
            var project = new BugSage.Core.Projects.Project { OrganizationId = org.Id, Slug = slug + "-app", Name = slug + " app", CreatedAt = DateTime.UtcNow };
            db.Add(project);
            await db.SaveChangesAsync();
            db.Add(new BugSage.Core.Projects.ProjectKey { ProjectId = project.Id, PublicKey = BugSage.Core.Projects.ProjectKeys.NewPublicKey(), CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return (org.Id, project.Id);
        });
        return (await SignedInClientAsync(email, password), orgId, projectId);
    }

    /// <summary>Creates a user with <paramref name="role"/> in the bootstrapped organization (and no other); returns their client.</summary>
    public async Task<HttpClient> MemberOfDefaultAsync(string email, string role, string password = "member-password-123")
    {
        await WithDbAsync(async db =>
        {
            var hasher = Services.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<BugSage.Core.Accounts.User>>();
            var user = new BugSage.Core.Accounts.User { Email = email, Name = email.Split('@')[0], PasswordHash = "", CreatedAt = DateTime.UtcNow };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Add(user);
            await db.SaveChangesAsync();
            var orgId = await db.Organizations.Where(o => o.Slug == "default").Select(o => o.Id).SingleAsync();
            db.Add(new BugSage.Core.Accounts.Membership { OrganizationId = orgId, UserId = user.Id, Role = role, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        return await SignedInClientAsync(email, password);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (ownsDataDirectory)
            {
                try { if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true); }
                catch (IOException) { /* a file still open on a slow shutdown; the OS temp cleaner takes it */ }
            }
        }
    }
}
