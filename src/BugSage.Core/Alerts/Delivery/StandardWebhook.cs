using System.Security.Cryptography;
using System.Text;

namespace BugSage.Core.Alerts.Delivery;

/// <summary>
/// Signing per the Standard Webhooks specification: the secret is <c>whsec_</c> and the base64 of
/// the key; the signature is <c>v1,</c> and the base64 HMAC-SHA256 of <c>id.timestamp.body</c>.
/// </summary>
public static class StandardWebhook
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret of 24 random bytes, the size the specification's libraries generate.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>Whether the text is a secret this signer can use.</summary>
    public static bool IsValidSecret(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal)) return false;
        var key = secret[SecretPrefix.Length..];
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var length) && length is >= 16 and <= 64;
    }

    /// <summary>The <c>webhook-signature</c> header value.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
