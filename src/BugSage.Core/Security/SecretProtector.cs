using Microsoft.AspNetCore.DataProtection;

namespace BugSage.Core.Security;

/// <summary>Encrypts secrets kept at rest (AI provider keys, repository tokens) with Data Protection.</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("BugSage.Secrets.v1");

    public string Protect(string secret) => protector.Protect(secret);

    /// <summary>The secret, or null when the text was not protected with this key ring (or was tampered with).</summary>
    public string? Unprotect(string protectedSecret)
    {
        try { return protector.Unprotect(protectedSecret); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }
}
