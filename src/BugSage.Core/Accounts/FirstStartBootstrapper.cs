using System.Security.Cryptography;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Projects;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Accounts;

/// <summary>What a first start created, to be printed once.</summary>
public sealed record BootstrapResult(string AdminEmail, string? GeneratedPassword, long ProjectId, string PublicKey);

/// <summary>
/// On an empty database, creates the organization <c>default</c>, its project <c>default</c>
/// with a DSN key, and the owner account, so a fresh install can take events at once.
/// </summary>
public sealed class FirstStartBootstrapper(AppDbContext db, TimeProvider clock, IPasswordHasher<User> hasher, Alerts.DefaultAlertRules alertRules)
{
    public async Task<BootstrapResult?> EnsureAsync(BootstrapOptions options, CancellationToken ct)
    {
        if (await db.Organizations.AnyAsync(ct)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var generated = string.IsNullOrEmpty(options.AdminPassword) ? NewPassword() : null;
        var email = options.AdminEmail.Trim().ToLowerInvariant();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var org = new Organization { Slug = "default", Name = "Default", CreatedAt = now };
        var user = new User { Email = email, Name = "Administrator", PasswordHash = "", CreatedAt = now, IsServerAdmin = true };
        user.PasswordHash = hasher.HashPassword(user, generated ?? options.AdminPassword!);
        db.AddRange(org, user);
        await db.SaveChangesAsync(ct);

        var project = new Project { OrganizationId = org.Id, Slug = "default", Name = "Default", CreatedAt = now };
        db.Add(project);
        db.Add(new Membership { OrganizationId = org.Id, UserId = user.Id, Role = Roles.Owner, CreatedAt = now });
        await db.SaveChangesAsync(ct);

        var key = new ProjectKey { ProjectId = project.Id, PublicKey = ProjectKeys.NewPublicKey(), CreatedAt = now };
        db.Add(key);
        alertRules.AddTo(db, project, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new BootstrapResult(email, generated, project.Id, key.PublicKey);
    }

    private static string NewPassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
}
