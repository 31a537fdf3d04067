using BugSage.Core.Accounts;
using BugSage.Core.Configuration;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Data;

/// <summary>
/// Runs before anything else at start-up: applies migrations, bootstraps an empty database,
/// and opens the inbox at this node's committed checkpoint.
/// </summary>
public sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    InboxLog inbox,
    NodeIdentity node,
    IOptions<StorageOptions> storage,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    /// <summary>Set when this start created the default organization, for the start-up banner.</summary>
    public BootstrapResult? Bootstrapped { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!storage.Value.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await DatabaseMigrator.MigrateAsync(db, cancellationToken, scope.ServiceProvider.GetService<TimeProvider>());
        logger.LogInformation("Database ready ({Provider})", storage.Value.Provider);

        try
        {
            Bootstrapped = await scope.ServiceProvider.GetRequiredService<FirstStartBootstrapper>().EnsureAsync(bootstrap.Value, cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another node may have bootstrapped the same empty database at the same moment.
            db.ChangeTracker.Clear();
            if (!await db.Organizations.AnyAsync(cancellationToken)) throw;
            logger.LogInformation(e, "The database was bootstrapped by another node");
        }

        var checkpoint = await db.InboxCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.NodeId == node.Id, cancellationToken);
        inbox.Start(checkpoint is null ? default : new InboxPosition(checkpoint.Segment, checkpoint.Offset));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
