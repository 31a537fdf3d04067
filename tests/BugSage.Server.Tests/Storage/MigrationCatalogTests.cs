using System.Reflection;
using BugSage.Core.Data;
using BugSage.Core.Data.Migrations;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Storage;

/// <summary>
/// The listed migrations are the ones EF Core would find by scanning the assembly, in its order, and the server applies
/// them through the list.
/// </summary>
public class MigrationCatalogTests
{
    [Fact]
    public void The_list_holds_every_migration_of_the_context()
    {
        var scanned = typeof(AppDbContext).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(AppDbContext))
            .OrderBy(t => t.GetCustomAttribute<MigrationAttribute>()!.Id, StringComparer.Ordinal)
            .ToList();
        scanned.Count.ShouldBeGreaterThan(50);
        MigrationCatalog.All.OrderBy(t => t.Name, StringComparer.Ordinal).ShouldBe(scanned.OrderBy(t => t.Name, StringComparer.Ordinal));
        MigrationCatalog.All.Distinct().Count().ShouldBe(MigrationCatalog.All.Length);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_server_context_migrates_through_the_list(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var migrations = db.GetService<IMigrationsAssembly>();
        migrations.ShouldBeOfType<MigrationCatalog>();
        // In the order EF Core's own scan gives: by id.
        migrations.Migrations.Values.Select(t => t.AsType())
            .ShouldBe(MigrationCatalog.All.OrderBy(t => t.GetCustomAttribute<MigrationAttribute>()!.Id, StringComparer.Ordinal));
        migrations.FindMigrationId("FixModelTranscripts").ShouldBe("20261225000066_FixModelTranscripts");
        migrations.FindMigrationId("20261225000066_FixModelTranscripts").ShouldBe("20261225000066_FixModelTranscripts");
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(migrations.Migrations.Keys);
    }
}
