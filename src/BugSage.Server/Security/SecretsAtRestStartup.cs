using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Security;

/// <summary>
/// Runs after the database is migrated and before Data Protection loads its key ring. Refuses a
/// key generated just now over a database whose secrets another key sealed (a restored database
/// without its key file, a node set up without the cluster's key), warns about stored secrets this
/// node's key cannot open, and seals what earlier versions stored in clear (the key ring's master
/// keys, then rotated: <see cref="ClearKeyRotation"/>) and replaces the token signing key they kept in clear.
/// </summary>
internal sealed class SecretsAtRestStartup(
    ServerKey key, KeyRingSealing ring, SigningKeyStore signing, ClearKeyRotation rotation, IServiceScopeFactory scopes,
    ILogger<SecretsAtRestStartup> logger) : IHostedService
{
    /// <summary>The id of the first server key that started over this database.</summary>
    private const string FirstKeySetting = "secrets.server-key-id";

    /// <summary>
    /// Written before a ring stored in clear is sealed and deleted only once it is rotated, so a start
    /// that stops in between (a crash, a database error) rotates at the next start instead of never.
    /// </summary>
    public const string RotationPendingSetting = "secrets.key-rotation-pending";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var others = (await ring.SealedWithAsync(cancellationToken)).Union(await signing.SealedWithAsync(cancellationToken))
            .Append(await FirstKeyAsync(cancellationToken))
            .Where(id => id != key.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        if (others.Count > 0 && key.CreatedNow)
        {
            // Left in place, the next start would take this key as the one and open nothing.
            File.Delete(key.FilePath!);
            throw new ServerKeyException(
                $"The database's secrets belong to server key {string.Join(", ", others)}, but there was no key file at {key.FilePath}. " +
                "A new key would open none of them, so none was kept and the server stops. Put the key file back at that path " +
                $"(from its backup, or from another node of the cluster), or name it with {SecretsOptions.Section}:KeyFile or {SecretsOptions.KeyVariable}. " +
                $"If the key is lost for good, create a new one by hand, {ServerKeyFile.CreateHint.Replace("FILE", key.FilePath, StringComparison.Ordinal)}; " +
                "stored model keys, push tokens and webhook secrets must then be entered again, and everyone signs in again.");
        }
        if (others.Count > 0)
            logger.LogWarning(
                "The database holds secrets sealed with server key {OtherKeys}, which this node's key {KeyId} (from {Origin}) cannot open: " +
                "stored model keys, push tokens and webhook secrets sealed then must be entered again. Every node of a cluster needs the same key",
                string.Join(", ", others), key.Id, key.Origin);

        if (await ring.HasPlaintextAsync(cancellationToken)) await MarkRotationPendingAsync(cancellationToken);
        var sealedEntries = await ring.SealPlaintextAsync(cancellationToken);
        if (sealedEntries > 0)
            logger.LogInformation("Sealed {Count} key ring entries an earlier version stored in clear", sealedEntries);
        if (await RotationPendingAsync(cancellationToken))
        {
            // Until now the master keys were readable in the database, so whoever copied it holds them.
            await rotation.RotateAsync(cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().ServerSettings.Where(s => s.Key == RotationPendingSetting).ExecuteDeleteAsync(cancellationToken);
        }
        // Now rather than at the first sign-in, so a signing key stored in clear does not stay so.
        await signing.GetAsync(cancellationToken);
        logger.LogInformation("Secrets at rest are sealed with server key {KeyId} from {Origin}", key.Id, key.Origin);
    }

    private async Task MarkRotationPendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.ServerSettings.AnyAsync(s => s.Key == RotationPendingSetting, ct)) return;
        db.ServerSettings.Add(new ServerSetting { Key = RotationPendingSetting, Value = key.Id });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { /* another node marked it first */ }
    }

    private async Task<bool> RotationPendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().ServerSettings.AnyAsync(s => s.Key == RotationPendingSetting, ct);
    }

    /// <summary>
    /// Records this node's key as the database's when no key came first. Nodes that each generated
    /// a key and start at the same moment over a database sealed by neither yet: one insert wins,
    /// and the others stop before sealing anything with a key nobody else has.
    /// </summary>
    private async Task<string> FirstKeyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.ServerSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == FirstKeySetting, ct) is { } first) return first.Value;
        db.ServerSettings.Add(new ServerSetting { Key = FirstKeySetting, Value = key.Id });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); }
        return (await db.ServerSettings.AsNoTracking().FirstAsync(s => s.Key == FirstKeySetting, ct)).Value;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
