using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Analysis;

internal static class AnalysisConfiguration
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
        model.Entity<Chat.AiModel>(e =>
        {
            e.ToTable("ai_models");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Provider).HasMaxLength(32);
            e.Property(x => x.Endpoint).HasMaxLength(500);
            e.Property(x => x.Model).HasMaxLength(200);
            e.Property(x => x.EmbeddingModel).HasMaxLength(200);
            e.Property(x => x.InputPricePer1k).HasPrecision(18, 6);
            e.Property(x => x.OutputPricePer1k).HasPrecision(18, 6);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganizationId, x.Name }).IsUnique();
        });
        model.Entity<Chat.ModelCall>(e =>
        {
            e.ToTable("model_calls");
            e.HasKey(x => x.Id);
            e.Property(x => x.ModelName).HasMaxLength(100);
            e.Property(x => x.Provider).HasMaxLength(32);
            e.Property(x => x.Model).HasMaxLength(200);
            e.Property(x => x.Purpose).HasMaxLength(64);
            e.Property(x => x.Error).HasMaxLength(1000);
            e.Property(x => x.Cost).HasPrecision(18, 6);
            e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
        });
        model.Entity<Source.LinkedRepository>(e =>
        {
            e.ToTable("repositories");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Url).HasMaxLength(1000);
            e.Property(x => x.Path).HasMaxLength(1000);
            e.Property(x => x.Branch).HasMaxLength(200);
            e.Property(x => x.RestoreCommand).HasMaxLength(1000);
            e.Property(x => x.BuildCommand).HasMaxLength(1000);
            e.Property(x => x.TestCommand).HasMaxLength(1000);
            e.Property(x => x.GitHubRepository).HasMaxLength(200);
            e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.ProjectId);
        });
        model.Entity<Autofix.Sessions.FixSession>(e =>
        {
            e.ToTable("fix_sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(32);
            e.Property(x => x.ModelName).HasMaxLength(100);
            e.Property(x => x.RequestedBy).HasMaxLength(320);
            e.Property(x => x.Revision).HasMaxLength(64);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.Property(x => x.AppliedBranch).HasMaxLength(200);
            e.Property(x => x.AppliedCommit).HasMaxLength(64);
            e.Property(x => x.PullRequestUrl).HasMaxLength(500);
            e.Property(x => x.LeaseOwner).HasMaxLength(64);
            e.Property(x => x.Attempts).IsConcurrencyToken();
            e.HasIndex(x => new { x.RepositoryId, x.PullRequestNumber });
            e.HasOne<Issues.Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganizationId, x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.OrganizationId, x.ModelId, x.CreatedAt });
            e.HasIndex(x => new { x.IssueId, x.Id });
            e.HasIndex(x => x.IssueId).IsUnique().HasFilter("requested_by = 'policy'");
            // Analytics: a project's sessions started in a range (M0050_IssueDayRollups); without it SQLite walked every issue.
            e.HasIndex(x => new { x.ProjectId, x.CreatedAt });
        });
        model.Entity<Autofix.Sessions.GitHubDelivery>(e =>
        {
            e.ToTable("github_deliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.DeliveryId).HasMaxLength(100);
            e.HasIndex(x => x.DeliveryId).IsUnique();
            e.HasIndex(x => x.ReceivedAt);
            e.HasOne<Source.LinkedRepository>().WithMany().HasForeignKey(x => x.RepositoryId).OnDelete(DeleteBehavior.Cascade);
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
        e.Property(x => x.LeaseOwner).HasMaxLength(64);
        e.Property(x => x.Attempts).IsConcurrencyToken();
        e.HasOne<Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.IssueId, x.Id });
        e.HasIndex(x => new { x.Status, x.Id });
        e.HasIndex(x => x.IssueId).IsUnique().HasFilter("requested_by = 'policy'");
        // Analytics: a project's analyses in a range, not a scan of every analysis (M0050_IssueDayRollups).
        e.HasIndex(x => new { x.ProjectId, x.CreatedAt });
        });
    }
}
