using DashboardAuth = BugSage.Server.Dashboard.Account.DashboardAuth;
using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Tests.Security;

/// <summary>
/// Red team 14b. The upgrade makes a new default master key but leaves the one the pre-upgrade
/// database held in clear in the ring, unrevoked; Data Protection unprotects with every unrevoked
/// key, so the dashboard cookie handler still accepts tickets sealed with it. A database copy from
/// before the upgrade gives the master key and the refresh-token family ids (stored in clear), which
/// is all a dashboard session cookie needs: a forged ticket for any user with a live session,
/// server admins included, is accepted after the upgrade.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyRotationAttack14bTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("bugsage-rotation14b-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(scratch, recursive: true);
    }

    [Theory, SqliteData]
    public async Task A_copy_of_the_database_from_before_the_upgrade_forges_no_dashboard_session(string provider)
    {
        var data = Path.Combine(scratch, "data");
        var ring = Path.Combine(scratch, "earlier-ring");
        var earlier = EarlierVersion.Create(ring, "sk-from-before");
        string minted;
        string? connection;
        await using (var app = await BugSageFactory.CreateAsync(provider, dataDirectory: data))
        {
            connection = app.ConnectionString;
            minted = await earlier.WriteInto(app);
        }
        File.Delete(Path.Combine(data, "secrets.key"));
        await using var upgraded = await BugSageFactory.CreateAsync(provider, new Dictionary<string, string?> { ["BugSage:Storage:ConnectionString"] = connection }, data);
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
