using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Operations;

/// <summary>Settings are read as the server starts: nothing watches the content root, where the data directory may lie.</summary>
public class SettingsWatchTests
{
    [Fact]
    public async Task No_settings_file_is_watched_for_changes()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var files = ((IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>()).Providers.OfType<FileConfigurationProvider>().ToList();
        files.ShouldNotBeEmpty("appsettings.json is read");
        files.Where(f => f.Source.ReloadOnChange).Select(f => f.Source.Path).ShouldBeEmpty();
    }
}
