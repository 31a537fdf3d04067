using System.Security.Cryptography;
using System.Text;

namespace BugSage.Core.Security;

/// <summary>
/// The server's 256-bit secret key, kept outside the database. It seals (AES-256-GCM) the Data
/// Protection key ring and the token signing key, so a copy of the database alone opens neither.
/// Everything sealed names the key's <see cref="Id"/>, so a node can tell "sealed with another
/// key" from "tampered with", and a second key can be added beside this one later.
/// </summary>
public sealed class ServerKey
{
    public const int Size = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] material;

    public ServerKey(byte[] material, string origin, string? filePath = null, bool createdNow = false)
    {
        if (material.Length != Size) throw new ArgumentException($"A server key is {Size} bytes.", nameof(material));
        this.material = material;
        Id = IdOf(material);
        Origin = origin;
        FilePath = filePath;
        CreatedNow = createdNow;
    }

    /// <summary>Names the key without revealing it: the start of an HMAC of a fixed label under the key.</summary>
    public string Id { get; }

    /// <summary>Where the key came from, for messages: the environment variable or the key file's path.</summary>
    public string Origin { get; }

    /// <summary>The key file, or null when the key came from the environment.</summary>
    public string? FilePath { get; }

    /// <summary>Whether this start generated the key (no key file existed yet).</summary>
    public bool CreatedNow { get; }

    public static string IdOf(ReadOnlySpan<byte> material) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(material, "BugSage server key id"u8)[..8]);

    /// <summary>
    /// Encrypts <paramref name="plaintext"/>; <paramref name="purpose"/> is authenticated with it, so a value
    /// sealed for one place (a row, the key ring) does not open in another.
    /// </summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var sealedValue = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(material, TagSize);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return sealedValue;
    }

    /// <summary>The plaintext of a value <see cref="Seal"/> made; throws <see cref="CryptographicException"/> when it was sealed otherwise or changed.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedValue, string purpose)
    {
        if (sealedValue.Length < NonceSize + TagSize) throw new CryptographicException("The sealed value is too short.");
        var plaintext = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(material, TagSize);
        aes.Decrypt(sealedValue[..NonceSize], sealedValue[(NonceSize + TagSize)..], sealedValue.Slice(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }
}
