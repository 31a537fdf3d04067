using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Accounts;

internal static class AccountsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Organization>(e =>
        {
            e.ToTable("organizations");
            e.Property(x => x.Slug).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.Slug).IsUnique();
        });
        model.Entity<User>(e =>
        {
            e.ToTable("users");
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.PasswordHash).HasMaxLength(512);
            e.HasIndex(x => x.Email).IsUnique();
        });
        model.Entity<Membership>(e =>
        {
            e.ToTable("memberships");
            e.Property(x => x.Role).HasMaxLength(16);
            e.HasIndex(x => new { x.OrganizationId, x.UserId }).IsUnique();
            e.HasIndex(x => x.UserId);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
