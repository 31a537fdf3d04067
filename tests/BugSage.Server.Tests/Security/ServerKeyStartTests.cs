using BugSage.Core.Security;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Security;

/// <summary>
/// Where the server key comes from, and the key files the server will not start with: ones other
/// users can read, ones that hold no key, and a configured one that is missing (a new key there
/// would open none of the secrets already stored).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // key file modes are Unix permissions
public sealed class ServerKeyStartTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string scratch = Directory.CreateTempSubdirectory("bugsage-keyfile-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(scratch, recursive: true);
    }

    private string Data => Path.Combine(scratch, "data");

    [Fact]
    public async Task A_first_start_makes_a_key_file_only_its_owner_can_read()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", dataDirectory: Data);
        var file = Path.Combine(Data, "secrets.key");
        File.GetUnixFileMode(file).ShouldBe(OwnerOnly);
        var key = app.Services.GetRequiredService<ServerKey>();
        (key.FilePath, key.CreatedNow).ShouldBe((file, true));
        key.Id.ShouldBe(ServerKey.IdOf(ServerKeyFile.Read(file)));
        Directory.GetFiles(Data, ".secrets.key*").ShouldBeEmpty("no temporary file is left behind");
    }

    [Fact]
    public async Task A_key_file_others_can_read_stops_the_start()
    {
        var configured = Path.Combine(scratch, "shared.key");
        ServerKeyFile.Create(configured);
        File.SetUnixFileMode(configured, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var refusal = await StartRefusal.MessageAsync(() => BugSageFactory.CreateAsync("sqlite", Settings(keyFile: configured), Data));
        refusal.ShouldBe($"The server key file {configured} is open to other users (mode 0644); whoever reads it can decrypt every stored secret. Allow its owner only: chmod 600 '{configured}'.");

        // The same for the key file in the data directory.
        var inData = Path.Combine(Data, "secrets.key");
        ServerKeyFile.Create(inData);
        File.SetUnixFileMode(inData, OwnerOnly | UnixFileMode.GroupRead);
        (await StartRefusal.MessageAsync(() => BugSageFactory.CreateAsync("sqlite", dataDirectory: Data))).ShouldContain($"{inData} is open to other users (mode 0640)");
    }

    [Fact]
    public async Task A_configured_key_file_that_is_missing_stops_the_start_and_none_is_made()
    {
        var configured = Path.Combine(scratch, "gone", "secrets.key");
        var refusal = await StartRefusal.MessageAsync(() => BugSageFactory.CreateAsync("sqlite", Settings(keyFile: configured), Data));
        refusal.ShouldStartWith($"The server key file {configured} (BugSage:Secrets:KeyFile) does not exist. A configured key file is never created");
        File.Exists(configured).ShouldBeFalse();
        File.Exists(Path.Combine(Data, "secrets.key")).ShouldBeFalse("the default file is not used instead");
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public async Task A_key_file_or_variable_that_holds_no_key_stops_the_start(string content)
    {
        var file = Path.Combine(Data, "secrets.key");
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(file, content);
        File.SetUnixFileMode(file, OwnerOnly);
        (await StartRefusal.MessageAsync(() => BugSageFactory.CreateAsync("sqlite", dataDirectory: Data)))
            .ShouldBe($"The server key file {file} does not hold a key: it must be the base64 of 32 random bytes on one line, as (umask 077; openssl rand -base64 32 > {file}) makes.");
        (await File.ReadAllTextAsync(file)).ShouldBe(content, "a malformed key file is never replaced");

        (await StartRefusal.MessageAsync(() => BugSageFactory.CreateAsync("sqlite", Settings(variable: content.Length == 0 ? " " : content), Data)))
            .ShouldStartWith("BUGSAGE_SECRETS_KEY does not hold a key");
    }

    [Fact]
    public async Task The_key_may_come_from_the_variable_and_then_no_file_is_made()
    {
        var material = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await using var app = await BugSageFactory.CreateAsync("sqlite", Settings(variable: Convert.ToBase64String(material)), Data);
        var key = app.Services.GetRequiredService<ServerKey>();
        (key.Id, key.FilePath, key.Origin).ShouldBe((ServerKey.IdOf(material), null, "the environment variable BUGSAGE_SECRETS_KEY"));
        File.Exists(Path.Combine(Data, "secrets.key")).ShouldBeFalse();
        (await app.WithDbAsync(db => db.ServerSettings.Select(s => s.Key).Where(k => k.StartsWith("auth.jwt-signing-key")).SingleAsync()))
            .ShouldBe("auth.jwt-signing-key." + ServerKey.IdOf(material));
    }

    [Fact]
    public async Task The_variable_and_a_key_file_together_stop_the_start()
    {
        var configured = Path.Combine(scratch, "secrets.key");
        ServerKeyFile.Create(configured);
        var variable = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        (await StartRefusal.MessageAsync(() => BugSageFactory.CreateAsync("sqlite", Settings(keyFile: configured, variable: variable), Data)))
            .ShouldStartWith("Both BUGSAGE_SECRETS_KEY and BugSage:Secrets:KeyFile are set; set only one");
    }

    private static Dictionary<string, string?> Settings(string? keyFile = null, string? variable = null)
    {
        var settings = new Dictionary<string, string?>();
        if (keyFile is not null) settings["BugSage:Secrets:KeyFile"] = keyFile;
        // The host reads every environment variable into configuration under its own name; a
        // setting of that name is how an in-memory host gets one without touching this process's environment.
        if (variable is not null) settings["BUGSAGE_SECRETS_KEY"] = variable;
        return settings;
    }
}
