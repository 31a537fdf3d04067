using System.Security.Cryptography;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace BugSage.Server.Auth;

/// <summary>
/// The HMAC key access tokens are signed with. Kept in the database so every node of a
/// cluster signs and validates with the same key; created on first use.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes) : IDisposable
{
    private const string SettingKey = "auth.jwt-signing-key";
    private readonly SemaphoreSlim gate = new(1, 1);
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
            var stored = await db.ServerSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SettingKey, ct);
            if (stored is null)
            {
                db.ServerSettings.Add(new ServerSetting { Key = SettingKey, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) });
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException) { db.ChangeTracker.Clear(); }
                stored = await db.ServerSettings.AsNoTracking().FirstAsync(s => s.Key == SettingKey, ct);
            }
            key = new SymmetricSecurityKey(Convert.FromBase64String(stored.Value)) { KeyId = "bugsage-1" };
            return key;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
