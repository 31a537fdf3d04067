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
        foreach (var model in await db.AiModels.ToListAsync(ct)) model.ApiKeyProtected = Reseal(model.ApiKeyProtected);
        foreach (var repository in await db.Repositories.ToListAsync(ct))
        {
            repository.AccessTokenProtected = Reseal(repository.AccessTokenProtected);
            repository.WebhookSecretProtected = Reseal(repository.WebhookSecretProtected);
        }
        foreach (var integration in await db.AlertIntegrations.ToListAsync(ct))
        {
            integration.UrlProtected = Reseal(integration.UrlProtected);
            integration.SecretProtected = Reseal(integration.SecretProtected);
        }
        await db.SaveChangesAsync(ct);

        foreach (var id in old) keyManager.RevokeKey(id, "stored in clear by an earlier version");
        var ended = await db.RefreshTokens.Where(t => t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now.UtcDateTime), ct);
        logger.LogWarning(
            "The key ring was stored in clear before this version: a new master key is the default, {Secrets} stored secrets were sealed again with it, " +
            "{Keys} old keys were revoked and {Sessions} sign-in sessions ended (everyone signs in again)", resealed, old.Count, ended);
    }
}
