using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Assistant;

public static class AssistantConfiguration
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Conversation>(e =>
        {
            e.ToTable("assistant_conversations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Summary).HasMaxLength(20_000);
            e.Property(x => x.Cost).HasPrecision(18, 6);
            e.HasOne<Accounts.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            // A person's list, newest first; and the idle sweep.
            e.HasIndex(x => new { x.UserId, x.LastActivityAt });
            e.HasIndex(x => x.LastActivityAt);
        });
        model.Entity<AskedQuestion>(e =>
        {
            e.ToTable("assistant_questions");
            e.HasKey(x => x.Id);
            // The per-minute count (a person's) and the per-day count (an organization's); no foreign keys, so deletions never take them away.
            e.HasIndex(x => new { x.UserId, x.AskedAt });
            e.HasIndex(x => new { x.OrganizationId, x.AskedAt });
        });
        model.Entity<ConversationMessage>(e =>
        {
            e.ToTable("assistant_messages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Role).HasMaxLength(16);
            e.Property(x => x.Content).HasMaxLength(40_000);
            e.Property(x => x.ToolName).HasMaxLength(64);
            e.Property(x => x.ToolArguments).HasMaxLength(10_000);
            e.Property(x => x.ToolResult).HasMaxLength(100_000);
            e.Property(x => x.ToolStatus).HasMaxLength(32);
            e.Property(x => x.ToolCallId).HasMaxLength(100);
            e.Property(x => x.Engine).HasMaxLength(100);
            e.Property(x => x.Cost).HasPrecision(18, 6);
            e.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ConversationId, x.Id });
        });
    }
}
