using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.AgentTasks;

/// <summary>EF mapping of the agents' task reports (migration M0029_AgentTaskUpdates).</summary>
public static class AgentTasksConfiguration
{
    public static void Configure(ModelBuilder model) => model.Entity<AgentTaskUpdate>(e =>
    {
        e.ToTable("agent_task_updates");
        e.HasKey(x => x.Id);
        e.Property(x => x.Status).HasMaxLength(32);
        e.Property(x => x.Message).HasMaxLength(AgentTaskLimits.MaxMessage);
        e.Property(x => x.AgentName).HasMaxLength(AgentTaskLimits.MaxAgentName);
        e.Property(x => x.ExternalUrl).HasMaxLength(AgentTaskLimits.MaxExternalUrl);
        e.Property(x => x.ReportedBy).HasMaxLength(320);
        e.HasOne<Issues.Issue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.IssueId, x.Sequence }).IsUnique();
        e.HasIndex(x => x.ProjectId);
        e.HasIndex(x => x.FixSessionId);
    });
}
