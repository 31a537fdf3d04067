using System.Text;
using System.Xml.Linq;
using BugSage.Core.Security;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace BugSage.Server.Security;

/// <summary>
/// Seals each Data Protection master key with the server key before the key ring stores it, so
/// the ring's rows in the database hold no key anyone can use without the key file.
/// </summary>
/// <remarks>
/// The key is looked up on first use, not when this is built: Data Protection is built with the
/// request pipeline (antiforgery asks for it), before the host starts, and a key that cannot be
/// used must stop the start as a refusal the host reports, not as a crash while building.
/// </remarks>
public sealed class ServerKeyXmlEncryptor(IServiceProvider services) : IXmlEncryptor
{
    internal static readonly XNamespace Namespace = "urn:bugsage:server-key";
    internal static readonly XName SealedElement = Namespace + "encryptedKey";
    internal const string KeyIdAttribute = "keyId";

    /// <summary>Authenticated with every sealed master key, so nothing sealed for another purpose passes for one.</summary>
    internal const string Purpose = "BugSage.DataProtection.KeyRing.v1";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var key = services.GetRequiredService<ServerKey>();
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedElement = new XElement(SealedElement,
            new XAttribute(KeyIdAttribute, key.Id),
            new XAttribute("algorithm", "AES-256-GCM"),
            new XComment(" Sealed with the server key (BugSage:Secrets); the database alone cannot open it. "),
            Convert.ToBase64String(key.Seal(plaintext, Purpose)));
        return new EncryptedXmlInfo(sealedElement, typeof(ServerKeyXmlDecryptor));
    }
}
