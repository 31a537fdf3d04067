using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using BugSage.Core.Security;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace BugSage.Server.Security;

/// <summary>
/// Opens master keys <see cref="ServerKeyXmlEncryptor"/> sealed. Data Protection creates it by
/// the type name stored with each key, through a constructor taking the service provider: this
/// type's name and namespace are part of every stored key ring and must not change.
/// </summary>
public sealed class ServerKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private readonly ServerKey key = services.GetRequiredService<ServerKey>();

    public XElement Decrypt(XElement encryptedElement)
    {
        var keyId = (string?)encryptedElement.Attribute(ServerKeyXmlEncryptor.KeyIdAttribute);
        if (keyId != key.Id)
            throw new CryptographicException(
                $"This key ring entry was sealed with server key {keyId}, but this node's key is {key.Id} (from {key.Origin}). Every node needs the same key.");
        var plaintext = key.Open(Convert.FromBase64String(encryptedElement.Value.Trim()), ServerKeyXmlEncryptor.Purpose);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
