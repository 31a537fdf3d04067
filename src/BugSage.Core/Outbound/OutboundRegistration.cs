using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Outbound;

/// <summary>Registers the outbound policy and puts it under every <see cref="IHttpClientFactory"/> client.</summary>
public static class OutboundRegistration
{
    public static IServiceCollection AddOutboundPolicy(this IServiceCollection services)
    {
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidation>();
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<OutboundPolicy>();
        // Every named client (models, github, and whatever integration comes next) gets the guarded
        // handler without asking for it.
        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(sp => OutboundHttp.CreateHandler(sp.GetRequiredService<OutboundPolicy>())));
        return services;
    }
}
