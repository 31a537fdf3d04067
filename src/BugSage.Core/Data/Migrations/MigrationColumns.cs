using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace BugSage.Core.Data.Migrations;

/// <summary>Column shapes shared by the hand-written migrations, valid on SQLite and PostgreSQL.</summary>
internal static class MigrationColumns
{
    /// <summary>A generated 64-bit primary key: AUTOINCREMENT on SQLite, an identity on PostgreSQL.</summary>
    public static OperationBuilder<AddColumnOperation> Identity(this ColumnsBuilder table) =>
        table.Column<long>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
