using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Analysis;

internal static class AnalysisModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<StoredAutofixPolicy>(e =>
        {
            e.ToTable("autofix_policies");
            e.HasKey(x => x.OrganizationId);
            e.Property(x => x.OrganizationId).ValueGeneratedNever();
            e.Property(x => x.UpdatedBy).HasMaxLength(320);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IssueAnalysis>(e =>
        {
        e.ToTable("issue_analyses");
        e.HasKey(x => x.Id);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.RequestedBy).HasMaxLength(320);
        e.Property(x => x.Engine).HasMaxLength(64);
        e.Property(x => x.Model).HasMaxLength(200);
        e.Property(x => x.Category).HasMaxLength(64);
        e.Property(x => x.Error).HasMaxLength(2000);
        e.HasOne<Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.IssueId, x.Id });
        e.HasIndex(x => new { x.Status, x.Id });
        });
    }
}
