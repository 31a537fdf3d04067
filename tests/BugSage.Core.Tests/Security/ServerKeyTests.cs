using System.Security.Cryptography;
using BugSage.Core.Security;

namespace BugSage.Core.Tests.Security;

/// <summary>What the server key seals opens only with that key, for that purpose, unchanged; its file is never replaced.</summary>
public sealed class ServerKeyTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("bugsage-serverkey-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static ServerKey NewKey() => new(RandomNumberGenerator.GetBytes(ServerKey.Size), "test");

    [Fact]
    public void A_sealed_value_opens_only_with_its_key_and_purpose_and_unchanged()
    {
        var key = NewKey();
        var secret = "signing key material"u8.ToArray();
        var sealedValue = key.Seal(secret, "auth.jwt-signing-key.x");

        key.Open(sealedValue, "auth.jwt-signing-key.x").ShouldBe(secret);
        sealedValue.AsSpan().IndexOf(secret).ShouldBe(-1);
        key.Seal(secret, "auth.jwt-signing-key.x").ShouldNotBe(sealedValue, "every seal takes a fresh nonce");
        Should.Throw<CryptographicException>(() => key.Open(sealedValue, "another row"));
        Should.Throw<CryptographicException>(() => NewKey().Open(sealedValue, "auth.jwt-signing-key.x"));
        var tampered = (byte[])sealedValue.Clone();
        tampered[^1] ^= 1;
        Should.Throw<CryptographicException>(() => key.Open(tampered, "auth.jwt-signing-key.x"));
        Should.Throw<CryptographicException>(() => key.Open(sealedValue.AsSpan(0, 20), "auth.jwt-signing-key.x"));
    }

    [Fact]
    public void The_key_id_names_the_key_without_revealing_it()
    {
        var material = RandomNumberGenerator.GetBytes(ServerKey.Size);
        var id = new ServerKey(material, "test").Id;
        id.ShouldBe(ServerKey.IdOf(material));
        id.Length.ShouldBe(16);
        id.ShouldNotBe(NewKey().Id);
        Convert.ToHexStringLower(material).ShouldNotContain(id);
    }

    [Fact]
    public void A_new_key_file_never_replaces_an_existing_one()
    {
        var path = Path.Combine(scratch, "secrets.key");
        var first = ServerKeyFile.Create(path);

        Should.Throw<IOException>(() => ServerKeyFile.Create(path));
        ServerKeyFile.Read(path).ShouldBe(first);
        Directory.GetFiles(scratch).ShouldBe([path], "no temporary file is left behind");
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.GroupExecute)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // key file modes are Unix permissions
    public void A_key_file_others_have_any_access_to_is_refused(UnixFileMode mode)
    {
        var path = Path.Combine(scratch, "secrets.key");
        ServerKeyFile.Create(path);
        File.SetUnixFileMode(path, mode);
        Should.Throw<ServerKeyException>(() => ServerKeyFile.Read(path)).Message.ShouldContain("is open to other users");
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        ServerKeyFile.Read(path).Length.ShouldBe(ServerKey.Size);
    }
}
