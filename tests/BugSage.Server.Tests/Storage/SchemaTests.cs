using System.Data.Common;
using BugSage.Core.Data;
using BugSage.Core.Data.Migrations;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Server.Tests.Storage;

/// <summary>
/// The hand-written migrations build exactly the schema the model describes. The full-text
/// search structures (FTS5 tables, the tsvector column) are the reviewed exception: EF cannot
/// model them, M0004_IssueSearch and M0024_Documents create them, and the search tests cover them.
/// </summary>
public class SchemaTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Migrated_schema_equals_the_model(string provider)
    {
        var migrated = await DumpAsync(provider, db => db.Database.MigrateAsync());
        var modelled = await DumpAsync(provider, db => db.Database.EnsureCreatedAsync());
        migrated.ShouldNotBeEmpty();
        migrated.Except(modelled).ShouldBeEmpty("in the migrations but not the model");
        modelled.Except(migrated).ShouldBeEmpty("in the model but not the migrations");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Migrations_are_idempotent_across_restarts(string provider)
    {
        var connection = await NewDatabaseAsync(provider);
        await using (var db = Context(provider, connection)) await db.Database.MigrateAsync();
        await using (var db = Context(provider, connection))
        {
            await db.Database.MigrateAsync();
            (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
            (await db.Database.GetAppliedMigrationsAsync()).ShouldNotBeEmpty();
        }
    }

    private static async Task<List<string>> DumpAsync(string provider, Func<AppDbContext, Task> create)
    {
        var connection = await NewDatabaseAsync(provider);
        await using var db = Context(provider, connection);
        await create(db);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        return provider == "postgres" ? await DumpPostgresAsync(conn) : await DumpSqliteAsync(conn);
    }

    private static async Task<string> NewDatabaseAsync(string provider) => provider == "postgres"
        ? await (await PostgresCluster.GetAsync()).CreateDatabaseAsync()
        : new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetTempPath(), $"bugsage-schema-{Guid.NewGuid():N}.db") }.ToString();

    private static AppDbContext Context(string provider, string connection)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (provider == "postgres") options.UseNpgsql(connection);
        else options.UseSqlite(connection);
        // Migrated as the server migrates: through the listed migrations, so one left out of the list fails here too.
        options.ReplaceService<IMigrationsAssembly, MigrationCatalog>();
        return new AppDbContext(options.Options);
    }

    private static async Task<List<string>> DumpSqliteAsync(DbConnection conn)
    {
        var rows = new List<string>();
        var tables = await QueryAsync(conn, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' AND name NOT LIKE 'issues_fts%' AND name NOT LIKE 'document_chunks_fts%'");
        foreach (var table in tables.Select(t => t[0]))
        {
            rows.Add($"table {table}");
            foreach (var c in await QueryAsync(conn, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')"))
                rows.Add($"column {table}.{c[0]} {c[1]} notnull={c[2]} pk={c[3]}");
            foreach (var i in await QueryAsync(conn, $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}') WHERE origin = 'c'"))
            {
                var cols = await QueryAsync(conn, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                rows.Add($"index {table}.{i[0]} unique={i[1]} ({string.Join(",", cols.Select(x => x[0]))})");
            }
            foreach (var f in await QueryAsync(conn, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
                rows.Add($"fk {table}.{f[1]} -> {f[0]}.{f[2]} on delete {f[3]}");
            var autoincrement = await QueryAsync(conn, $"SELECT sql LIKE '%AUTOINCREMENT%' FROM sqlite_master WHERE name = '{table}'");
            rows.Add($"autoincrement {table} {autoincrement[0][0]}");
        }
        return rows;
    }

    private static async Task<List<string>> DumpPostgresAsync(DbConnection conn)
    {
        var rows = new List<string>();
        foreach (var c in await QueryAsync(conn, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable, is_identity, coalesce(identity_generation, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '__EF%' AND column_name <> 'search_vector'
            """))
            rows.Add($"column {string.Join(" ", c)}");
        foreach (var i in await QueryAsync(conn, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '__EF%' AND indexname NOT IN ('ix_issues_search_vector', 'ix_document_chunks_search_vector')"))
            rows.Add($"index {i[0]} {i[1]}");
        // Constraint triggers (contype 't': the deferred rollup triggers) are triggers, which migrations keep and the model
        // does not describe, like the plain triggers this dump leaves out.
        foreach (var k in await QueryAsync(conn, """
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '%EF%' AND contype <> 't'
            """))
            rows.Add($"constraint {k[0]} {k[1]}");
        return rows;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var result = new List<string[]>();
        while (await reader.ReadAsync())
            result.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray());
        return result;
    }
}
