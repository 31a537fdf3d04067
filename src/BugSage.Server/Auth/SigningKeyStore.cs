using System.Security.Cryptography;
using BugSage.Core.Data;
using BugSage.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace BugSage.Server.Auth;

/// <summary>
/// The HMAC key access tokens are signed with. Kept in the database so every node of a cluster
/// signs and validates with the same key, sealed with the server key so a copy of the database
/// cannot forge tokens; created on first use.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, ServerKey serverKey) : IDisposable
{
    /// <summary>Where versions before secrets at rest kept the key, in clear; replaced by a new, sealed key on first read, and deleted.</summary>
    private const string PlaintextSettingKey = "auth.jwt-signing-key";

    /// <summary>
    /// One row per server key: a node given another key (a lost key file, a node set up without
    /// it) gets a signing key of its own instead of overwriting the one the other nodes can open.
    /// </summary>
    private const string SealedSettingPrefix = PlaintextSettingKey + ".";

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string settingKey = SealedSettingPrefix + serverKey.Id;
    private SymmetricSecurityKey? key;

    public async ValueTask<SymmetricSecurityKey> GetAsync(CancellationToken ct)
    {
        if (key is not null) return key;
        await gate.WaitAsync(ct);
        try
        {
            if (key is not null) return key;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = await db.ServerSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == settingKey, ct);
            if (stored is null)
            {
                // Never the key an earlier version kept in clear: whoever read the database then could sign with it.
                // A new key ends every access token signed before (a short-lived one); refresh tokens carry on.
                var material = RandomNumberGenerator.GetBytes(64);
                db.ServerSettings.Add(new ServerSetting { Key = settingKey, Value = Convert.ToBase64String(serverKey.Seal(material, settingKey)) });
                // Two nodes creating it at once: one insert wins and both read the winner's.
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException) { db.ChangeTracker.Clear(); }
                stored = await db.ServerSettings.AsNoTracking().FirstAsync(s => s.Key == settingKey, ct);
            }
            // Whenever it is still there (a start that stopped between the two writes included), the key in clear goes.
            await db.ServerSettings.Where(s => s.Key == PlaintextSettingKey).ExecuteDeleteAsync(ct);
            key = new SymmetricSecurityKey(serverKey.Open(Convert.FromBase64String(stored.Value), settingKey)) { KeyId = "bugsage-1" };
            return key;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The ids of the server keys that sealed the signing keys stored in the database.</summary>
    public async Task<List<string>> SealedWithAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var keys = await db.ServerSettings.AsNoTracking().Where(s => s.Key.StartsWith(SealedSettingPrefix)).Select(s => s.Key).ToListAsync(ct);
        return keys.Select(k => k[SealedSettingPrefix.Length..]).ToList();
    }

    public void Dispose() => gate.Dispose();
}
