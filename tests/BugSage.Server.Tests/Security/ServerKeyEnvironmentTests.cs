using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using BugSage.Core.Security;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BugSage.Server.Tests.Security;

/// <summary>
/// A real server process: given its key in the <c>BUGSAGE_SECRETS_KEY</c> environment variable it
/// uses it and writes no key file; given a key it cannot use, it stops and says why.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class ServerKeyEnvironmentTests
{
    [Fact]
    public async Task A_server_process_with_an_unusable_key_exits_saying_why()
    {
        var directory = Directory.CreateTempSubdirectory("bugsage-badkey-").FullName;
        try
        {
            var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
                ServerProcess.StartAsync(directory, environment: new Dictionary<string, string> { ["BUGSAGE_SECRETS_KEY"] = "too-short" }));
            refused.Message.ShouldContain("The server exited with");
            refused.Message.ShouldContain("BUGSAGE_SECRETS_KEY does not hold a key: it must be the base64 of 32 random bytes");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_server_process_takes_the_key_from_its_environment()
    {
        var directory = Directory.CreateTempSubdirectory("bugsage-envkey-").FullName;
        try
        {
            var material = RandomNumberGenerator.GetBytes(32);
            await using (var server = await ServerProcess.StartAsync(directory, environment: new Dictionary<string, string> { ["BUGSAGE_SECRETS_KEY"] = Convert.ToBase64String(material) }))
            {
                using var client = new HttpClient { BaseAddress = server.BaseAddress };
                var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword });
                login.StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            File.Exists(Path.Combine(directory, "secrets.key")).ShouldBeFalse();
            using var db = new SqliteConnection($"Data Source={Path.Combine(directory, "bugsage.db")};Mode=ReadOnly;Pooling=False");
            db.Open();
            using var query = db.CreateCommand();
            query.CommandText = "SELECT key FROM server_settings WHERE key LIKE 'auth.jwt-signing-key%'";
            (query.ExecuteScalar() as string).ShouldBe("auth.jwt-signing-key." + ServerKey.IdOf(material), "the signing key is sealed with the key from the environment");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
