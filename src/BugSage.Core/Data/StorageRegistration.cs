using BugSage.Core.Configuration;
using Microsoft.Data.Sqlite;
using BugSage.Core.Data.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Data;

/// <summary>Chooses SQLite or PostgreSQL for <see cref="AppDbContext"/> from configuration.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddBugSageStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.IsPostgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "BugSage:Storage:ConnectionString is required when the provider is postgres.")
            .ValidateOnStart();
        // A factory besides the scoped context: a dashboard page and its layout render
        // concurrently, so the layout reads through a context of its own.
        services.AddDbContextFactory<AppDbContext>((sp, builder) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.IsPostgres)
            {
                builder.UseNpgsql(storage.ConnectionString);
            }
            else
            {
                builder.UseSqlite(SqliteConnectionString(storage, sp.GetRequiredService<IOptions<BugSageOptions>>().Value));
                builder.AddInterceptors(new SqlitePragmas());
            }
            builder.AddInterceptors(sp.GetRequiredService<Caching.IssueListChanges>());
            builder.ReplaceService<IMigrationsAssembly, MigrationCatalog>();
        }, ServiceLifetime.Scoped);
        return services;
    }

    public static string SqliteConnectionString(StorageOptions storage, BugSageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(storage.ConnectionString)) return storage.ConnectionString;
        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "bugsage.db"),
            Pooling = true,
        }.ToString();
    }
}
