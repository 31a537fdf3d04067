using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Documents;

/// <summary>EF configuration of the document tables (created by M0024_Documents; embeddings added by M0026_DocumentEmbeddings).</summary>
internal static class DocumentsConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Document>(e =>
        {
            e.ToTable("documents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Title).HasMaxLength(DocumentLimits.TitleLength);
            e.Property(x => x.FileName).HasMaxLength(DocumentLimits.FileNameLength);
            e.Property(x => x.ContentType).HasMaxLength(64);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasMaxLength(320);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganizationId, x.Id });
            e.HasIndex(x => x.ProjectId);
        });
        model.Entity<DocumentJob>(e =>
        {
            e.ToTable("document_jobs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Stage).HasMaxLength(16);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.Property(x => x.LeaseOwner).HasMaxLength(64);
            e.Property(x => x.Attempts).IsConcurrencyToken();
            e.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.Status, x.Id });
            e.HasIndex(x => x.DocumentId);
        });
        model.Entity<DocumentChunk>(e =>
        {
            e.ToTable("document_chunks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Heading).HasMaxLength(DocumentLimits.HeadingLength);
            e.Property(x => x.EmbeddingModel).HasMaxLength(200);
            e.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.DocumentId, x.Ordinal });
        });
    }
}
