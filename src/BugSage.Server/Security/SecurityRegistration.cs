using Microsoft.AspNetCore.DataProtection;
using BugSage.Core.Security;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Security;

/// <summary>Data Protection with its key ring in the database, and the secret protector built on it.</summary>
public static class SecurityRegistration
{
    public static WebApplicationBuilder AddBugSageSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("BugSage");
        builder.Services.AddSingleton<DatabaseKeyRepository>();
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = sp.GetRequiredService<DatabaseKeyRepository>()));
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }
}
