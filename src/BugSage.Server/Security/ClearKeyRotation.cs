using BugSage.Core.Data;
using BugSage.Core.Security;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Security;

/// <summary>
/// What an upgrade from a version that kept the key ring in clear does once the old master keys are
/// sealed: whoever copied the database before holds them, so they must open nothing from now on.
/// A new key becomes the default, every stored secret is sealed again with it, the old keys are
/// revoked (their dashboard cookies and antiforgery tokens stop working), and every sign-in session
/// ends, since the copy also holds the session ids a forged cookie would name.
/// </summary>
public sealed class ClearKeyRotation(IKeyManager keyManager, SecretProtector secrets, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ClearKeyRotation> logger)
{
    public async Task RotateAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var old = keyManager.GetAllKeys().Where(k => !k.IsRevoked).Select(k => k.KeyId).ToList();
        keyManager.CreateNewKey(now, now.AddDays(90));

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var resealed = 0;
        string? Reseal(string? sealedValue)
        {
            if (sealedValue is null || secrets.Unprotect(sealedValue) is not { } secret) return sealedValue;
            resealed++;
            return secrets.Protect(secret);
        }
        // Every sealed column, found in the model by its name (…Protected), so that a secret added later cannot be forgotten here.
        foreach (var entityType in db.Model.GetEntityTypes())
        {
            var columns = entityType.GetProperties().Where(p => p.ClrType == typeof(string) && p.Name.EndsWith("Protected", StringComparison.Ordinal)).ToList();
            if (columns.Count == 0) continue;
            var rows = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(entityType.ClrType).Invoke(db, null)!;
            foreach (var row in await rows.ToListAsync(ct))
                foreach (var column in columns)
                {
                    var value = db.Entry(row).Property(column.Name);
                    value.CurrentValue = Reseal((string?)value.CurrentValue);
                }
        }
        await db.SaveChangesAsync(ct);

        foreach (var id in old) keyManager.RevokeKey(id, "stored in clear by an earlier version");
        var ended = await db.RefreshTokens.Where(t => t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now.UtcDateTime), ct);
        logger.LogWarning(
            "The key ring was stored in clear before this version: a new master key is the default, {Secrets} stored secrets were sealed again with it, " +
            "{Keys} old keys were revoked and {Sessions} sign-in sessions ended (everyone signs in again)", resealed, old.Count, ended);
    }
}
