using BugSage.Core.Autofix.Restore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Tests.Autofix;

/// <summary>How the registries the restore step may reach are configured, and what is never accepted as one.</summary>
public sealed class RestoreSettingsTests
{
    private static RestoreOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddBugSageCore().BuildServiceProvider();
        return services.GetRequiredService<IOptions<RestoreOptions>>().Value;
    }

    [Fact]
    public void Registries_are_host_names_with_an_optional_port_never_addresses_or_urls()
    {
        foreach (var good in new[] { "api.nuget.org", "registry.npmjs.org.", "npm.internal.example:4873", "localhost:8080" })
            RegistryHosts.Problem(good).ShouldBeNull(good);
        RegistryHosts.Problem("10.0.0.5").ShouldBe("'10.0.0.5' is an IP address; registries are named by host name");
        RegistryHosts.Problem("169.254.169.254:80").ShouldBe("'169.254.169.254:80' is an IP address; registries are named by host name");
        RegistryHosts.Problem("[::1]").ShouldBe("'[::1]' is an IP address; registries are named by host name");
        RegistryHosts.Problem("https://pypi.org/simple").ShouldBe("'https://pypi.org/simple' is not a host name or host:port");
        RegistryHosts.Problem("*.pythonhosted.org").ShouldBe("'*.pythonhosted.org' is not a host name or host:port");
        RegistryHosts.Problem("pypi.org:99999").ShouldBe("'pypi.org:99999' has no valid port");
    }

    [Fact]
    public void A_registry_without_a_port_is_reached_on_443_through_a_tunnel_and_on_80_in_plain_http()
    {
        var hosts = RegistryHosts.Parse(["pypi.org", "npm.internal.example:4873"]);

        (hosts.Allows("pypi.org", 443, tunnel: true), hosts.Allows("PyPI.org.", 443, tunnel: true), hosts.Allows("pypi.org", 80, tunnel: false)).ShouldBe((true, true, true));
        (hosts.Allows("pypi.org", 80, tunnel: true), hosts.Allows("pypi.org", 22, tunnel: true), hosts.Allows("evil.pypi.org", 443, tunnel: true)).ShouldBe((false, false, false));
        (hosts.Allows("npm.internal.example", 4873, tunnel: true), hosts.Allows("npm.internal.example", 443, tunnel: true)).ShouldBe((true, false));
    }

    [Fact]
    public void Configured_registries_replace_the_defaults_and_an_address_stops_the_start()
    {
        Bind().Hosts.Names.Order().ShouldBe(["api.nuget.org", "files.pythonhosted.org", "pypi.org", "registry.npmjs.org"]);
        Bind(("BugSage:Autofix:Restore:Registries:0", "npm.internal.example:4873")).Hosts.Names.ShouldBe(["npm.internal.example"]);

        var refused = Should.Throw<OptionsValidationException>(() => Bind(("BugSage:Autofix:Restore:Registries:0", "10.0.0.5")));
        refused.Message.ShouldContain("never IP addresses or URLs");
    }
}
