using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Documents for the assistant: the uploaded documents, the jobs that make them searchable (a
/// leased queue holding the file until it is processed) and their chunks, full-text indexed with
/// English stemming: an FTS5 table kept in step by triggers on SQLite (ranked with bm25), a
/// generated, weighted <c>tsvector</c> column with a GIN index on PostgreSQL (ranked with
/// ts_rank_cd). The index lives outside the EF model (see <see cref="Documents.DocumentSearch"/>).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000024_Documents")]
public sealed class M0024_Documents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        m.CreateTable("documents", t => new
        {
            id = t.Identity(),
            organization_id = t.Column<long>(nullable: false),
            project_id = t.Column<long>(nullable: true),
            title = t.Column<string>(maxLength: 300, nullable: false),
            file_name = t.Column<string>(maxLength: 255, nullable: false),
            content_type = t.Column<string>(maxLength: 64, nullable: false),
            size = t.Column<long>(nullable: false),
            sha256 = t.Column<string>(maxLength: 64, nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            created_by = t.Column<string>(maxLength: 320, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_documents", x => x.id);
            t.ForeignKey("fk_documents_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_documents_projects_project_id", x => x.project_id, "projects", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_documents_organization_id_id", "documents", ["organization_id", "id"]);
        m.CreateIndex("ix_documents_project_id", "documents", "project_id");

        m.CreateTable("document_jobs", t => new
        {
            id = t.Identity(),
            document_id = t.Column<long>(nullable: false),
            status = t.Column<string>(maxLength: 16, nullable: false),
            stage = t.Column<string>(maxLength: 16, nullable: true),
            progress = t.Column<int>(nullable: false),
            error = t.Column<string>(maxLength: 2000, nullable: true),
            content = t.Column<byte[]>(nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
            started_at = t.Column<DateTime>(nullable: true),
            updated_at = t.Column<DateTime>(nullable: true),
            finished_at = t.Column<DateTime>(nullable: true),
            lease_owner = t.Column<string>(maxLength: 64, nullable: true),
            lease_expires_at = t.Column<DateTime>(nullable: true),
            attempts = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_document_jobs", x => x.id);
            t.ForeignKey("fk_document_jobs_documents_document_id", x => x.document_id, "documents", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_document_jobs_status_id", "document_jobs", ["status", "id"]);
        m.CreateIndex("ix_document_jobs_document_id", "document_jobs", "document_id");

        m.CreateTable("document_chunks", t => new
        {
            id = t.Identity(),
            document_id = t.Column<long>(nullable: false),
            ordinal = t.Column<int>(nullable: false),
            heading = t.Column<string>(maxLength: 500, nullable: true),
            text = t.Column<string>(nullable: false),
            token_count = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_document_chunks", x => x.id);
            t.ForeignKey("fk_document_chunks_documents_document_id", x => x.document_id, "documents", "id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("ix_document_chunks_document_id_ordinal", "document_chunks", ["document_id", "ordinal"]);

        if (m.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // Chunks are written once and deleted with their document; they are never updated.
            m.Sql("CREATE VIRTUAL TABLE document_chunks_fts USING fts5(heading, text, content='document_chunks', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');");
            m.Sql("""
                CREATE TRIGGER document_chunks_fts_insert AFTER INSERT ON document_chunks BEGIN
                  INSERT INTO document_chunks_fts(rowid, heading, text) VALUES (new.id, coalesce(new.heading, ''), new.text);
                END;
                """);
            m.Sql("""
                CREATE TRIGGER document_chunks_fts_delete AFTER DELETE ON document_chunks BEGIN
                  INSERT INTO document_chunks_fts(document_chunks_fts, rowid, heading, text) VALUES ('delete', old.id, coalesce(old.heading, ''), old.text);
                END;
                """);
        }
        else
        {
            // The heading weighs more than the body (A over B), as bm25's column weights do on SQLite.
            m.Sql("""
                ALTER TABLE document_chunks ADD COLUMN search_vector tsvector
                GENERATED ALWAYS AS (
                  setweight(to_tsvector('english', coalesce(heading, '')), 'A') || setweight(to_tsvector('english', text), 'B')) STORED;
                """);
            m.Sql("CREATE INDEX ix_document_chunks_search_vector ON document_chunks USING GIN (search_vector);");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        if (m.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            m.Sql("DROP TRIGGER document_chunks_fts_insert;");
            m.Sql("DROP TRIGGER document_chunks_fts_delete;");
            m.Sql("DROP TABLE document_chunks_fts;");
        }
        m.DropTable("document_chunks");
        m.DropTable("document_jobs");
        m.DropTable("documents");
    }
}
