using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using BugSage.Core.Data;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using BugSage.Server.Security;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Security;

/// <summary>
/// What a copy of the database gives away: the key ring's master keys and the token signing key
/// are sealed with the server key, which lives outside the database, so without it no stored
/// secret opens and no token can be forged; with it, everything keeps working across restarts.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // key file modes are Unix permissions
public sealed class SecretsAtRestTests : IDisposable
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private readonly string scratch = Directory.CreateTempSubdirectory("bugsage-secrets-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(scratch, recursive: true);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_database_holds_no_master_key_signing_key_or_secret_in_clear(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var admin = await app.SignedInClientAsync();
        (await admin.PostJsonAsync(await ModelsUrlAsync(app), Model("sk-at-rest-123"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var serverKey = app.Services.GetRequiredService<ServerKey>();

        var ring = await RowsAsync(app, DatabaseKeyRepository.Prefix);
        ring.ShouldNotBeEmpty();
        foreach (var row in ring) ShouldBeSealed(row.Value, serverKey, app.Services);

        var signing = (await RowsAsync(app, "auth.jwt-signing-key")).ShouldHaveSingleItem();
        signing.Key.ShouldBe("auth.jwt-signing-key." + serverKey.Id);
        var signingKey = (await app.Services.GetRequiredService<SigningKeyStore>().GetAsync(CancellationToken.None)).Key;
        Convert.FromBase64String(signing.Value).AsSpan().IndexOf(signingKey.AsSpan(0, 16)).ShouldBe(-1, "the row is not the key itself");
        signing.Value.ShouldNotContain(Convert.ToBase64String(signingKey));

        var stored = await app.WithDbAsync(db => db.AiModels.Select(m => m.ApiKeyProtected).SingleAsync());
        stored.ShouldNotBeNull().ShouldNotContain("sk-at-rest-123");
        app.Services.GetRequiredService<SecretProtector>().Unprotect(stored).ShouldBe("sk-at-rest-123");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Another_key_opens_no_stored_secret_and_refuses_the_tokens_of_the_first(string provider)
    {
        var (first, second) = (NewKeyFile("first.key"), NewKeyFile("second.key"));
        var data = Path.Combine(scratch, "data");
        string token, sealedApiKey;
        string? connection;
        await using (var app = await BugSageFactory.CreateAsync(provider, KeySettings(first), data))
        {
            connection = app.ConnectionString;
            token = await app.AccessTokenAsync();
            (await (await app.SignedInClientAsync()).PostJsonAsync(await ModelsUrlAsync(app), Model("sk-sealed-456"))).StatusCode.ShouldBe(HttpStatusCode.Created);
            sealedApiKey = (await app.WithDbAsync(db => db.AiModels.Select(m => m.ApiKeyProtected).SingleAsync()))!;
        }

        await using (var other = await BugSageFactory.CreateAsync(provider, KeySettings(second, connection), data))
        {
            other.Services.GetRequiredService<SecretProtector>().Unprotect(sealedApiKey).ShouldBeNull();
            (await other.ClientWithToken(token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            // It still serves, with tokens and secrets of its own key.
            (await (await other.SignedInClientAsync()).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var again = await BugSageFactory.CreateAsync(provider, KeySettings(first, connection), data);
        var secrets = again.Services.GetRequiredService<SecretProtector>();
        secrets.Unprotect(sealedApiKey).ShouldBe("sk-sealed-456");
        secrets.Unprotect(secrets.Protect("sk-new")).ShouldBe("sk-new");
        (await again.ClientWithToken(token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await again.SignedInClientAsync()).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_upgrade_seals_the_key_ring_and_signing_key_an_earlier_version_stored_in_clear(string provider)
    {
        var data = Path.Combine(scratch, "data");
        var earlier = EarlierVersion.Create(Path.Combine(scratch, "earlier-ring"), "sk-from-before");
        string token;
        string? connection;
        await using (var app = await BugSageFactory.CreateAsync(provider, dataDirectory: data))
        {
            connection = app.ConnectionString;
            token = await earlier.WriteInto(app);
        }
        // The earlier version had no key file: this start makes one.
        File.Delete(Path.Combine(data, "secrets.key"));

        List<ServerSetting> sealedRows;
        await using (var upgraded = await BugSageFactory.CreateAsync(provider, KeySettings(null, connection), data))
        {
            var serverKey = upgraded.Services.GetRequiredService<ServerKey>();
            serverKey.CreatedNow.ShouldBeTrue();
            var rows = await RowsAsync(upgraded, DatabaseKeyRepository.Prefix);
            var rings = rows.Where(r => !r.Key.StartsWith(DatabaseKeyRepository.Prefix + "revocation-", StringComparison.Ordinal)).ToList();
            rings.Count.ShouldBe(2, "the earlier master key, sealed, and a new one that is the default from now on");
            rows.Count(r => r.Key.StartsWith(DatabaseKeyRepository.Prefix + "revocation-", StringComparison.Ordinal)).ShouldBe(1, "the earlier key is revoked");
            foreach (var ring in rings)
            {
                ShouldBeSealed(ring.Value, serverKey, upgraded.Services);
                ring.Value.ShouldNotContain(earlier.MasterKey);
            }
            var signing = (await RowsAsync(upgraded, "auth.jwt-signing-key")).ShouldHaveSingleItem();
            signing.Key.ShouldBe("auth.jwt-signing-key." + serverKey.Id);
            signing.Value.ShouldNotContain(Convert.ToBase64String(earlier.SigningKey));

            // The stored secret is sealed again with the new key; the old ciphertext (a copy holds it) opens no more.
            var storedKey = await upgraded.WithDbAsync(db => db.AiModels.Where(m => m.Name == EarlierVersion.StoredModel).Select(m => m.ApiKeyProtected).SingleAsync());
            storedKey.ShouldNotBe(earlier.SealedSecret);
            upgraded.Services.GetRequiredService<SecretProtector>().Unprotect(storedKey!).ShouldBe("sk-from-before");
            upgraded.Services.GetRequiredService<SecretProtector>().Unprotect(earlier.SealedSecret).ShouldBeNull();
            var integration = await upgraded.WithDbAsync(db => db.AlertIntegrations.AsNoTracking().SingleAsync(i => i.Name == EarlierVersion.StoredIntegration));
            EarlierVersion.SealedColumns.Length.ShouldBeGreaterThanOrEqualTo(5);
            foreach (var column in EarlierVersion.SealedColumns)
                upgraded.Services.GetRequiredService<SecretProtector>().Unprotect((string)column.GetValue(integration)!).ShouldBe("sk-from-before", column.Name);
            // The signing key the earlier version kept in clear is gone: its tokens end, a new sign-in works.
            (await upgraded.ClientWithToken(token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await (await upgraded.SignedInClientAsync()).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
            sealedRows = await RowsAsync(upgraded, "");
        }

        // Idempotent: the next start finds nothing to seal and changes nothing.
        await using (var restarted = await BugSageFactory.CreateAsync(provider, KeySettings(null, connection), data))
        {
            (await RowsAsync(restarted, "")).Select(r => (r.Key, r.Value)).ShouldBe(sealedRows.Select(r => (r.Key, r.Value)));
            var restartedKey = await restarted.WithDbAsync(db => db.AiModels.Where(m => m.Name == EarlierVersion.StoredModel).Select(m => m.ApiKeyProtected).SingleAsync());
            restarted.Services.GetRequiredService<SecretProtector>().Unprotect(restartedKey!).ShouldBe("sk-from-before");
            (await restarted.ClientWithToken(token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            // As a start leaves it that stopped after sealing and before rotating.
            await restarted.WithDbAsync(db =>
            {
                db.ServerSettings.Add(new ServerSetting { Key = "secrets.key-rotation-pending", Value = "interrupted" });
                return db.SaveChangesAsync();
            });
        }

        // The next start rotates then: another new default key, the one before it revoked, the mark gone, the secret still open.
        await using var resumed = await BugSageFactory.CreateAsync(provider, KeySettings(null, connection), data);
        var after = await RowsAsync(resumed, DatabaseKeyRepository.Prefix);
        after.Count(r => r.Key.StartsWith(DatabaseKeyRepository.Prefix + "revocation-", StringComparison.Ordinal)).ShouldBe(2);
        after.Count(r => !r.Key.StartsWith(DatabaseKeyRepository.Prefix + "revocation-", StringComparison.Ordinal)).ShouldBe(3);
        (await RowsAsync(resumed, "secrets.key-rotation-pending")).ShouldBeEmpty();
        var resumedKey = await resumed.WithDbAsync(db => db.AiModels.Where(m => m.Name == EarlierVersion.StoredModel).Select(m => m.ApiKeyProtected).SingleAsync());
        resumed.Services.GetRequiredService<SecretProtector>().Unprotect(resumedKey!).ShouldBe("sk-from-before");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_node_without_the_key_file_refuses_to_start_over_sealed_secrets_and_starts_once_it_is_back(string provider)
    {
        var data = Path.Combine(scratch, "data");
        string sealedSecret;
        string? connection;
        byte[] key;
        await using (var app = await BugSageFactory.CreateAsync(provider, dataDirectory: data))
        {
            connection = app.ConnectionString;
            sealedSecret = app.Services.GetRequiredService<SecretProtector>().Protect("sk-kept");
            key = ServerKeyFile.Read(Path.Combine(data, "secrets.key"));
        }
        // SQLite: the database restored without its key file. PostgreSQL: a new node set up without the cluster's key.
        var node = provider == "sqlite" ? data : Path.Combine(scratch, "second-node");
        File.Delete(Path.Combine(data, "secrets.key"));

        var refusal = await StartRefusal.MessageAsync(() => BugSageFactory.CreateAsync(provider, KeySettings(null, connection), node));
        refusal.ShouldContain("there was no key file at " + Path.Combine(node, "secrets.key"));
        refusal.ShouldContain(ServerKey.IdOf(key));
        File.Exists(Path.Combine(node, "secrets.key")).ShouldBeFalse("the key made for nothing is not kept, so the next start refuses too");

        Directory.CreateDirectory(node);
        await File.WriteAllTextAsync(Path.Combine(node, "secrets.key"), Convert.ToBase64String(key));
        File.SetUnixFileMode(Path.Combine(node, "secrets.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var restored = await BugSageFactory.CreateAsync(provider, KeySettings(null, connection), node);
        restored.Services.GetRequiredService<SecretProtector>().Unprotect(sealedSecret).ShouldBe("sk-kept");
    }

    [Fact]
    public async Task Of_nodes_generating_keys_at_once_the_first_keeps_its_key_and_the_others_stop_before_sealing_anything()
    {
        var data = Path.Combine(scratch, "data");
        string first;
        await using (var app = await BugSageFactory.CreateAsync("sqlite", dataDirectory: data))
        {
            first = app.Services.GetRequiredService<ServerKey>().Id;
            // As the loser of the race finds it: the winner has claimed the database and sealed nothing yet.
            await app.WithDbAsync(db => db.ServerSettings.Where(s => s.Key.StartsWith(DatabaseKeyRepository.Prefix) || s.Key.StartsWith("auth.")).ExecuteDeleteAsync());
        }
        File.Delete(Path.Combine(data, "secrets.key"));

        (await StartRefusal.MessageAsync(() => BugSageFactory.CreateAsync("sqlite", dataDirectory: data)))
            .ShouldStartWith($"The database's secrets belong to server key {first}, but there was no key file at {Path.Combine(data, "secrets.key")}.");
        await using var check = await BugSageFactory.CreateAsync("sqlite", KeySettings(NewKeyFile("any.key")), data);
        (await RowsAsync(check, "secrets.server-key-id")).ShouldHaveSingleItem().Value.ShouldBe(first, "the refused node left no claim of its own");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Nodes_sealing_the_signing_key_at_once_agree_on_one_key(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var serverKey = app.Services.GetRequiredService<ServerKey>();
        var inClear = RandomNumberGenerator.GetBytes(64);
        await ReplaceSigningRowsAsync(app, new ServerSetting { Key = "auth.jwt-signing-key", Value = Convert.ToBase64String(inClear) });

        // Nodes upgrading at the same moment agree on one new key; the one stored in clear is kept by none and deleted.
        var upgraded = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => new SigningKeyStore(scopes, serverKey).GetAsync(CancellationToken.None).AsTask())));
        upgraded.Select(k => Convert.ToBase64String(k.Key)).Distinct().ShouldHaveSingleItem().ShouldNotBe(Convert.ToBase64String(inClear));
        (await RowsAsync(app, "auth.jwt-signing-key")).ShouldHaveSingleItem().Key.ShouldBe("auth.jwt-signing-key." + serverKey.Id);

        // Nodes creating one at the same moment: one insert wins, all use it.
        await ReplaceSigningRowsAsync(app);
        var created = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => new SigningKeyStore(scopes, serverKey).GetAsync(CancellationToken.None).AsTask())));
        created.Select(k => Convert.ToBase64String(k.Key)).Distinct().ShouldHaveSingleItem();
        (await RowsAsync(app, "auth.jwt-signing-key")).Count.ShouldBe(1);
    }

    /// <summary>A sealed key ring row: Data Protection's encryptedSecret around our sealed key, and no master key in it.</summary>
    private static void ShouldBeSealed(string row, ServerKey serverKey, IServiceProvider services)
    {
        var xml = XElement.Parse(row);
        xml.Descendants().Select(e => e.Name.LocalName).ShouldNotContain("masterKey");
        xml.Descendants().Select(e => e.Name.LocalName).ShouldNotContain("value");
        var secret = xml.Descendants(DataProtection + "encryptedSecret").ShouldHaveSingleItem();
        ((string?)secret.Attribute("decryptorType")).ShouldNotBeNull().ShouldStartWith(typeof(ServerKeyXmlDecryptor).FullName + ",");
        var sealedKey = secret.Elements().ShouldHaveSingleItem();
        sealedKey.Name.LocalName.ShouldBe("encryptedKey");
        ((string?)sealedKey.Attribute("keyId")).ShouldBe(serverKey.Id);
        var masterKey = new ServerKeyXmlDecryptor(services).Decrypt(sealedKey).Descendants().Single(e => e.Name.LocalName == "value").Value;
        masterKey.Length.ShouldBeGreaterThan(40);
        row.ShouldNotContain(masterKey);
    }

    private string NewKeyFile(string name)
    {
        var path = Path.Combine(scratch, name);
        ServerKeyFile.Create(path);
        return path;
    }

    /// <summary>A restart's settings: the key file (none: the default in the data directory) and, on PostgreSQL, the same database.</summary>
    private static Dictionary<string, string?> KeySettings(string? keyFile, string? connection = null)
    {
        var settings = new Dictionary<string, string?>();
        if (keyFile is not null) settings["BugSage:Secrets:KeyFile"] = keyFile;
        if (connection is not null) settings["BugSage:Storage:ConnectionString"] = connection;
        return settings;
    }

    private static Task<List<ServerSetting>> RowsAsync(BugSageFactory app, string prefix) =>
        app.WithDbAsync(db => db.ServerSettings.AsNoTracking().Where(s => s.Key.StartsWith(prefix)).OrderBy(s => s.Key).ToListAsync());

    private static Task ReplaceSigningRowsAsync(BugSageFactory app, params ServerSetting[] rows) => app.WithDbAsync(async db =>
    {
        await db.ServerSettings.Where(s => s.Key.StartsWith("auth.jwt-signing-key")).ExecuteDeleteAsync();
        db.ServerSettings.AddRange(rows);
        await db.SaveChangesAsync();
    });

    private static async Task<string> ModelsUrlAsync(BugSageFactory app) =>
        $"/api/v1/organizations/{await app.DefaultOrganizationAsync()}/models";

    private static object Model(string apiKey) => new { name = "hosted", provider = "openai", endpoint = "https://models.example.com/v1", model = "m", apiKey };
}
