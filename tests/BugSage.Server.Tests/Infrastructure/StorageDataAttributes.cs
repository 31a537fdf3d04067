using System.Reflection;
using Xunit.Sdk;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>Runs a theory on SQLite.</summary>
public sealed class SqliteDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["sqlite"]];
}

/// <summary>Runs a theory on PostgreSQL; skipped, visibly, only where the server binaries are absent.</summary>
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute()
    {
        if (PostgresCluster.BinDirectory is null)
            Skip = BugSage.Tests.Infrastructure.Capabilities.Missing + "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql or BUGSAGE_PG_BIN";
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["postgres"]];
}
