using BugSage.Core.Configuration;
using BugSage.Core.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Security;

/// <summary>
/// The server key, Data Protection with its key ring in the database sealed by that key, and the
/// secret protector built on it.
/// </summary>
public static class SecurityRegistration
{
    public static WebApplicationBuilder AddBugSageSecurity(this WebApplicationBuilder builder)
    {
        // Hosted services start in the order they are added, and Data Protection loads its key ring
        // in one of its own: the key must be checked and the ring sealed before that, so this comes
        // before anything that adds Data Protection (authentication, antiforgery, the dashboard).
        if (builder.Services.Any(d => d.ServiceType == typeof(IDataProtectionProvider)))
            throw new InvalidOperationException("AddBugSageSecurity must come before anything that adds Data Protection.");

        builder.Services.AddSingleton(sp => ServerKeySource.Load(sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IOptions<SecretsOptions>>().Value, sp.GetRequiredService<IOptions<BugSageOptions>>().Value));
        builder.Services.AddSingleton<ServerKeyXmlEncryptor>();
        builder.Services.AddSingleton<KeyRingSealing>();
        builder.Services.AddSingleton<ClearKeyRotation>();
        builder.Services.AddHostedService<SecretsAtRestStartup>();

        builder.Services.AddDataProtection().SetApplicationName("BugSage");
        builder.Services.AddSingleton<DatabaseKeyRepository>();
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = sp.GetRequiredService<DatabaseKeyRepository>();
            o.XmlEncryptor = sp.GetRequiredService<ServerKeyXmlEncryptor>();
        }));
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }
}
