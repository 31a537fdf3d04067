using System.Xml.Linq;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Security;

/// <summary>
/// The key ring's rows as stored: which server keys sealed them, and sealing the master keys that
/// versions before secrets at rest stored in clear, in place, so that after an upgrade nothing in
/// the database opens a secret by itself.
/// </summary>
public sealed class KeyRingSealing(IServiceScopeFactory scopes, ServerKeyXmlEncryptor encryptor)
{
    // The markers of Data Protection's documented key format: elements to encrypt say so, and
    // an encrypted one is replaced by encryptedSecret naming the type that decrypts it.
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";

    /// <summary>Seals every master key stored in clear; returns how many rows changed. Running it again changes nothing.</summary>
    public async Task<int> SealPlaintextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var changed = 0;
        foreach (var row in await RowsAsync(db, ct))
        {
            var element = XElement.Parse(row.Value);
            var sealedAny = false;
            while (element.DescendantsAndSelf().FirstOrDefault(e => (bool?)e.Attribute(RequiresEncryption) == true) is { } secret)
            {
                var info = encryptor.Encrypt(new XElement(secret));
                secret.ReplaceWith(new XElement(EncryptedSecret, new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement));
                sealedAny = true;
            }
            if (!sealedAny) continue;
            var sealedValue = element.ToString(SaveOptions.DisableFormatting);
            // Only over the value read: a node sealing the same row at the same moment wins, with the same key.
            changed += await db.ServerSettings.Where(s => s.Key == row.Key && s.Value == row.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, sealedValue), ct);
        }
        return changed;
    }

    /// <summary>Whether any stored master key is still in clear (an earlier version's ring, not yet sealed).</summary>
    public async Task<bool> HasPlaintextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await RowsAsync(db, ct)).Any(row => XElement.Parse(row.Value).DescendantsAndSelf().Any(e => (bool?)e.Attribute(RequiresEncryption) == true));
    }

    /// <summary>The ids of the server keys that sealed the stored master keys.</summary>
    public async Task<List<string>> SealedWithAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await RowsAsync(db, ct))
            .SelectMany(row => XElement.Parse(row.Value).Descendants(ServerKeyXmlEncryptor.SealedElement))
            .Select(e => (string?)e.Attribute(ServerKeyXmlEncryptor.KeyIdAttribute) ?? "")
            .Distinct().ToList();
    }

    private static Task<List<ServerSetting>> RowsAsync(AppDbContext db, CancellationToken ct) =>
        db.ServerSettings.AsNoTracking().Where(s => s.Key.StartsWith(DatabaseKeyRepository.Prefix)).OrderBy(s => s.Key).ToListAsync(ct);
}
