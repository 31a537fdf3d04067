using System.Net;
using System.Security.Cryptography;
using BugSage.Core.Security;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using DashboardAuth = BugSage.Server.Auth.DashboardAuth;

namespace BugSage.Server.Tests.Security;

/// <summary>
/// Red-team finding (issue 14): the upgrade seals, in place, the very key material an earlier
/// version kept in clear in the database, the database that issue 14 says any test command could
/// read. Whoever copied bugsage.db before the upgrade keeps the JWT signing key (access tokens are
/// not tied to a live session, so they can mint one for any user, server admins included, with an
/// expiry of their choosing) and the Data Protection master key, which stays the default key and
/// so also protects the secrets stored after the upgrade (link tokens, model API keys, webhook secrets).
/// Sealing must come with rotation: a new signing key, and a new default master key.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyRotationAttackTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("bugsage-rotation-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(scratch, recursive: true);
    }

    private async Task<(BugSageFactory Upgraded, string Minted, string Ring)> UpgradeAsync(string provider)
    {
        var data = Path.Combine(scratch, "data");
        var ring = Path.Combine(scratch, "earlier-ring");
        var earlier = EarlierVersion.Create(ring, "sk-from-before");
        string minted;
        string? connection;
        await using (var app = await BugSageFactory.CreateAsync(provider, dataDirectory: data))
        {
            connection = app.ConnectionString;
            // What an attacker holding the old rows can make: a token signed with the clear signing key.
            minted = await earlier.WriteInto(app);
        }
        File.Delete(Path.Combine(data, "secrets.key"));

        var upgraded = await BugSageFactory.CreateAsync(provider, new Dictionary<string, string?> { ["BugSage:Storage:ConnectionString"] = connection }, data);
        return (upgraded, minted, ring);
    }

    [Theory, SqliteData]
    public async Task A_copy_of_the_database_from_before_the_upgrade_signs_no_token(string provider)
    {
        var (upgraded, minted, _) = await UpgradeAsync(provider);
        await using var _app = upgraded;
        (await upgraded.ClientWithToken(minted).GetAsync("/api/v1/me")).StatusCode.ShouldNotBe(HttpStatusCode.OK,
            "a token signed with the key the pre-upgrade database held in clear is still accepted");
    }

    [Theory, SqliteData]
    public async Task A_copy_of_the_database_from_before_the_upgrade_opens_no_secret_stored_after_it(string provider)
    {
        var (upgraded, _, ring) = await UpgradeAsync(provider);
        await using var _app = upgraded;

        var fresh = upgraded.Services.GetRequiredService<SecretProtector>().Protect("sk-stored-after-the-upgrade");
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().SetApplicationName("BugSage").PersistKeysToFileSystem(new DirectoryInfo(ring));
        await using var old = services.BuildServiceProvider();
        string? opened;
        try
        {
            opened = new SecretProtector(old.GetRequiredService<IDataProtectionProvider>()).Unprotect(fresh);
        }
        catch (CryptographicException)
        {
            opened = null;
        }
        opened.ShouldBeNull("a secret stored after the upgrade opens with the master key the pre-upgrade database held in clear");
    }

    /// <summary>
    /// Second red team: a database copy from before the upgrade gives the master key and the session
    /// family ids (stored in clear), all a dashboard cookie needs; the old key must be revoked.
    /// </summary>
    [Theory, SqliteData]
    public async Task A_copy_of_the_database_from_before_the_upgrade_forges_no_dashboard_session(string provider)
    {
        var (upgraded, minted, ring) = await UpgradeAsync(provider);
        await using var _app = upgraded;
        var (projectId, _) = await upgraded.DefaultKeyAsync();

        // From the copy: the admin's user id and a session family id (RefreshTokens.FamilyId, in clear), and the clear master key.
        var jwt = new JsonWebToken(minted);
        var principal = DashboardAuth.Principal(
            new BugSage.Core.Accounts.User { Id = long.Parse(jwt.Subject, System.Globalization.CultureInfo.InvariantCulture), Email = BugSageFactory.AdminEmail, Name = "admin", PasswordHash = "" },
            jwt.GetClaim(BugSage.Server.Auth.AccessScope.SessionClaim).Value);
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().SetApplicationName("BugSage").PersistKeysToFileSystem(new DirectoryInfo(ring));
        await using var old = services.BuildServiceProvider();
        var protector = old.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", DashboardAuth.Scheme, "v2");
        var cookie = new TicketDataFormat(protector).Protect(new AuthenticationTicket(principal, DashboardAuth.Scheme));

        var client = upgraded.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        (await client.GetAsync($"/projects/{projectId}/issues")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "control: without a cookie the page sends to /login");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/projects/{projectId}/issues");
        request.Headers.Add("Cookie", $"{DashboardAuth.CookieName}={cookie}");
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldNotBe(HttpStatusCode.OK, "a dashboard cookie sealed with the pre-upgrade master key is accepted as the server admin");
    }
}
