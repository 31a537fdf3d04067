using System.Security.Claims;
using System.Security.Cryptography;
using System.Xml.Linq;
using BugSage.Core.Data;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BugSage.Server.Tests.Security;

/// <summary>
/// What a version before secrets at rest left in the database: a key ring Data Protection wrote
/// with no XML encryptor (master keys in clear) and the token signing key in clear, with a secret
/// and an access token made with them.
/// </summary>
internal sealed class EarlierVersion
{
    private EarlierVersion(string ringName, XElement ring, string sealedSecret)
    {
        RingName = ringName;
        RingXml = ring.ToString(SaveOptions.DisableFormatting);
        MasterKey = ring.Descendants().Single(e => e.Name.LocalName == "value").Value;
        SealedSecret = sealedSecret;
    }

    public string RingName { get; }

    public string RingXml { get; }

    /// <summary>The master key as it stood in the row.</summary>
    public string MasterKey { get; }

    /// <summary>The model whose API key the earlier version stored, protected with its ring (<see cref="SealedSecret"/>).</summary>
    public const string StoredModel = "stored-before-the-upgrade";

    /// <summary>A secret the earlier version protected with that ring.</summary>
    public string SealedSecret { get; }

    public byte[] SigningKey { get; } = RandomNumberGenerator.GetBytes(64);

    /// <summary>A key ring made by Data Protection as the earlier version configured it (same application name, no encryptor).</summary>
    public static EarlierVersion Create(string ringDirectory, string secret)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().SetApplicationName("BugSage").PersistKeysToFileSystem(Directory.CreateDirectory(ringDirectory));
        using var provider = services.BuildServiceProvider();
        var sealedSecret = new SecretProtector(provider.GetRequiredService<IDataProtectionProvider>()).Protect(secret);
        var file = Directory.GetFiles(ringDirectory, "key-*.xml").Single();
        return new EarlierVersion(Path.GetFileNameWithoutExtension(file), XElement.Load(file), sealedSecret);
    }

    /// <summary>
    /// Puts this ring and signing key in place of the server's, in the rows the earlier version
    /// used; returns an access token for the bootstrap admin as the earlier version signed it.
    /// </summary>
    public const string StoredIntegration = "integration from before";

    /// <summary>The integration's sealed columns, found by name as the rotation finds them.</summary>
    public static readonly System.Reflection.PropertyInfo[] SealedColumns = [.. typeof(BugSage.Core.Alerts.AlertIntegration).GetProperties()
        .Where(p => p.PropertyType == typeof(string) && p.Name.EndsWith("Protected", StringComparison.Ordinal))];

    public async Task<string> WriteInto(BugSageFactory app)
    {
        await app.WithDbAsync(async db =>
        {
            // Everything secrets at rest added goes: the earlier version knew none of it.
            await db.ServerSettings.Where(s => s.Key.StartsWith("dataprotection.key.") || s.Key.StartsWith("auth.jwt-signing-key") || s.Key.StartsWith("secrets.")).ExecuteDeleteAsync();
            db.ServerSettings.Add(new ServerSetting { Key = "dataprotection.key." + RingName, Value = RingXml });
            db.ServerSettings.Add(new ServerSetting { Key = "auth.jwt-signing-key", Value = Convert.ToBase64String(SigningKey) });
            // The secret as the earlier version stored it: a model's API key.
            db.AiModels.Add(new BugSage.Core.Analysis.Chat.AiModel
            {
                OrganizationId = await db.Organizations.Select(o => o.Id).FirstAsync(), Name = StoredModel, Provider = "openai",
                Endpoint = "https://models.example.com/v1", Model = "m", ApiKeyProtected = SealedSecret, CreatedAt = DateTime.UtcNow,
            });
            // An integration with every sealed column it has (a column added later included): each must be sealed again.
            var project = await db.Projects.FirstAsync();
            var integration = new BugSage.Core.Alerts.AlertIntegration { ProjectId = project.Id, OrganizationId = project.OrganizationId, Kind = "slack", Name = StoredIntegration, CreatedAt = DateTime.UtcNow };
            foreach (var column in SealedColumns) column.SetValue(integration, SealedSecret);
            db.AlertIntegrations.Add(integration);
            await db.SaveChangesAsync();
        });
        return await MintAsync(app, new SymmetricSecurityKey(SigningKey) { KeyId = "bugsage-1" }, TokenService.Lifetime);
    }

    /// <summary>An access token for the bootstrap admin, in a live sign-in session, signed with <paramref name="key"/> and valid for <paramref name="lifetime"/>.</summary>
    public static async Task<string> MintAsync(BugSageFactory app, SymmetricSecurityKey key, TimeSpan lifetime)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.Email == BugSageFactory.AdminEmail);
        var session = await scope.ServiceProvider.GetRequiredService<SessionService>().StartBrowserSessionAsync(user, CancellationToken.None);
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenService.Issuer,
            Audience = TokenService.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(JwtRegisteredClaimNames.Email, user.Email),
                new Claim(JwtRegisteredClaimNames.Name, user.Name),
                new Claim(AccessScope.SessionClaim, session),
            ]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
