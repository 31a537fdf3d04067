using BugSage.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BugSage.Compat.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright; never a downloaded browser.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium package (.ci/run does).");
        // Expectations wait up to 15 s rather than Playwright's 5: the suite runs beside the server tests on two cores, where
        // one dashboard round trip has taken over 5 s. They still fail when what they wait for never comes.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Quiet, offline-friendly flags; --no-sandbox because CI runs as root.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}

/// <summary>A fact that drives Debian's Chromium; skipped, visibly, where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium.ExecutablePath)) Skip = Capabilities.Missing + $"Chromium ({Chromium.ExecutablePath}; Debian's chromium package)";
    }
}
