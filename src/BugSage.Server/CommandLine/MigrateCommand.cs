using System.CommandLine;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.CommandLine;

/// <summary><c>migrate</c>: applies pending migrations and exits, for upgrades that migrate before the new version starts.</summary>
public static class MigrateCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("migrate", "Apply pending database migrations and exit (the server also applies them at start)");
        command.AcceptingConfiguration().SetAction(async (result, ct) =>
        {
            if (VerbHost.Configuration(result, out var configuration) is { } problem) return await BackupCommand.Fail(output, problem);
            await using var app = VerbHost.Build(configuration);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // As at start-up: SQLite in WAL mode, so a running server's readers never block on the migration.
            if (!app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgres)
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await DatabaseMigrator.MigrateAsync(db, ct);
            await output.WriteLineAsync(pending.Count == 0 ? "the database is up to date" : $"applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return 0;
        });
        return command;
    }
}
