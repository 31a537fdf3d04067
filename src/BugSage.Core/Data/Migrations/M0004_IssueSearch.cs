using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Full-text search over issue titles and culprits: an FTS5 table kept in step by triggers on
/// SQLite, a generated <c>tsvector</c> column with a GIN index on PostgreSQL. Both live outside
/// the EF model (see <see cref="Issues.Search.IssueTextSearch"/>).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000004_IssueSearch")]
public sealed class M0004_IssueSearch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        if (m.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            m.Sql("CREATE VIRTUAL TABLE issues_fts USING fts5(title, culprit, content='issues', content_rowid='id', tokenize='unicode61 remove_diacritics 2');");
            m.Sql("INSERT INTO issues_fts(rowid, title, culprit) SELECT id, title, coalesce(culprit, '') FROM issues;");
            m.Sql("""
                CREATE TRIGGER issues_fts_insert AFTER INSERT ON issues BEGIN
                  INSERT INTO issues_fts(rowid, title, culprit) VALUES (new.id, new.title, coalesce(new.culprit, ''));
                END;
                """);
            m.Sql("""
                CREATE TRIGGER issues_fts_delete AFTER DELETE ON issues BEGIN
                  INSERT INTO issues_fts(issues_fts, rowid, title, culprit) VALUES ('delete', old.id, old.title, coalesce(old.culprit, ''));
                END;
                """);
            // Counts change on every digest; the index only when the text does.
            m.Sql("""
                CREATE TRIGGER issues_fts_update AFTER UPDATE OF title, culprit ON issues
                WHEN old.title IS NOT new.title OR old.culprit IS NOT new.culprit BEGIN
                  INSERT INTO issues_fts(issues_fts, rowid, title, culprit) VALUES ('delete', old.id, old.title, coalesce(old.culprit, ''));
                  INSERT INTO issues_fts(rowid, title, culprit) VALUES (new.id, new.title, coalesce(new.culprit, ''));
                END;
                """);
        }
        else
        {
            // Punctuation becomes spaces first, so paths and dotted names split into words the
            // way SQLite's tokenizer and IssueTextSearch split them (users.js -> users, js).
            m.Sql("""
                ALTER TABLE issues ADD COLUMN search_vector tsvector
                GENERATED ALWAYS AS (to_tsvector('simple',
                  regexp_replace(coalesce(title, '') || ' ' || coalesce(culprit, ''), '[^[:alnum:]_]+', ' ', 'g'))) STORED;
                """);
            m.Sql("CREATE INDEX ix_issues_search_vector ON issues USING GIN (search_vector);");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        if (m.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            foreach (var trigger in new[] { "issues_fts_insert", "issues_fts_delete", "issues_fts_update" }) m.Sql($"DROP TRIGGER {trigger};");
            m.Sql("DROP TABLE issues_fts;");
        }
        else
        {
            m.Sql("DROP INDEX ix_issues_search_vector;");
            m.Sql("ALTER TABLE issues DROP COLUMN search_vector;");
        }
    }
}
